package org.autoglm.search.sampler;

import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.search.space.SearchSpace;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * Quasi-random points from a Sobol sequence with a random digital shift (every coordinate XORed
 * with a seeded mask): the points fill the cube more evenly than random draws, and each seed gives
 * a different but equally even set. Trial {@code i} is the sequence's point {@code i}, so it
 * depends on nothing but the seed and {@code i}.
 */
public final class SobolSampler implements Sampler {
  /** Hipparchus generates coordinates as 52-bit integers scaled to [0, 1). */
  private static final double SCALE = 0x1p52;

  private final long seed;

  public SobolSampler(long seed) {
    this.seed = seed;
  }

  @Override
  public Map<String, Object> suggest(SearchSpace space, History history, int trialId) {
    UnitEncoding encoding = new UnitEncoding(space);
    int d = Math.max(1, encoding.parameterCount());
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
    double[] point = sobol.skipTo(trialId);
    SplittableRandom masks = new SplittableRandom(seed);
    double[] unit = new double[d];
    for (int i = 0; i < d; i++) {
      long bits = (long) (point[i] * SCALE);
      long mask = masks.nextLong() >>> 12;
      unit[i] = ((bits ^ mask) + 0.5) / SCALE;
    }
    return encoding.decodeOnePerParameter(unit);
  }

  @Override
  public boolean isMultiObjective() {
    return true;
  }
}
