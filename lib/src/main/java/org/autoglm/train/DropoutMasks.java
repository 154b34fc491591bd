package org.autoglm.train;

import java.util.SplittableRandom;

/**
 * The dropout draws of one training pass: each element is zeroed with probability {@code rate} and
 * the rest scaled by {@code 1 / (1 - rate)}. The masks are drawn in Java from a stream the trainer
 * seeds with the trial's seed and the epoch, so that seed alone decides them on any device and
 * engine build, and a resumed run draws exactly what its unbroken twin drew.
 *
 * <p>PyTorch's {@code bernoulli_} (DJL's {@code Dropout}) draws a double per element serially, with
 * the multiply 0.9-1.2 ms on Cora's 49k feature entries; drawing them here takes 0.06-0.11 ms and
 * staging the factors ({@link HostArrays}) 0.03-0.05 ms. A faster PyTorch mask from {@code
 * uniform_} was tried and dropped: with it a resumed GAT run failed to match its unbroken twin in
 * about one test run in seven.
 */
final class DropoutMasks {
  private static final double TWO_TO_THE_32 = 4294967296.0;

  private final SplittableRandom random;

  DropoutMasks(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Factors for {@code size} elements: 0 with probability {@code rate}, else {@code 1 / (1 -
   * rate)}; null when {@code rate} is 0 (nothing dropped, nothing drawn).
   */
  float[] factors(int size, float rate) {
    if (rate == 0f) {
      return null;
    }
    float scale = 1f / (1f - rate);
    long dropBelow = (long) Math.ceil(rate * TWO_TO_THE_32);
    float[] factors = new float[size];
    // Two 32-bit draws per long; kept without a branch, whose misprediction on every other element
    // cost more than the draw.
    for (int i = 0; i < size; i += 2) {
      long bits = random.nextLong();
      factors[i] = scale * kept(bits & 0xFFFFFFFFL, dropBelow);
      if (i + 1 < size) {
        factors[i + 1] = scale * kept(bits >>> 32, dropBelow);
      }
    }
    return factors;
  }

  /** 1 when {@code draw >= dropBelow}, else 0: the sign bit of {@code dropBelow - 1 - draw}. */
  private static int kept(long draw, long dropBelow) {
    return (int) ((dropBelow - 1 - draw) >>> 63);
  }
}
