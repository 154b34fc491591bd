package org.autoglm.random;

/** Derives independent, stable seeds from a root seed and an index. */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser over the pair; stable across JVMs and releases. */
  public static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
