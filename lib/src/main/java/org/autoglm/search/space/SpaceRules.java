package org.autoglm.search.space;

final class SpaceRules {
  private SpaceRules() {}

  static void requireRange(String name, double low, double high, boolean log) {
    if (!(low < high)) {
      throw new IllegalArgumentException(
          "'search.space." + name + "' has low " + low + " and high " + high + " but low < high");
    }
    if (log && low <= 0) {
      throw new IllegalArgumentException(
          "'search.space." + name + "' is log-scaled, so low must be > 0 (is " + low + ")");
    }
  }
}
