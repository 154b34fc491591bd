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

  static void requireStep(String name, int low, int high, boolean log, int step) {
    if (step < 1) {
      throw new IllegalArgumentException(
          "'search.space." + name + ".step' is " + step + " but must be >= 1");
    }
    if (log && step != 1) {
      throw new IllegalArgumentException(
          "'search.space." + name + "' is log-scaled, so step must be 1 (is " + step + ")");
    }
    if ((high - low) % step != 0) {
      throw new IllegalArgumentException(
          "'search.space."
              + name
              + "' has step "
              + step
              + " but high - low = "
              + (high - low)
              + " is not a multiple of it");
    }
  }
}
