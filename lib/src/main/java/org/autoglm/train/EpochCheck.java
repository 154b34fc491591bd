package org.autoglm.train;

/** Called after every epoch's evaluation; returning true ends training there. */
@FunctionalInterface
public interface EpochCheck {
  EpochCheck NEVER = epoch -> false;

  /** {@code epoch.valScore()} is the selection metric, the one a pruner watches. */
  boolean stopAfter(EpochRecord epoch);

  /**
   * Whether each epoch should measure the gradients' norm (one more device sync per epoch when
   * clipping is off).
   */
  default boolean wantsGradientNorm() {
    return false;
  }
}
