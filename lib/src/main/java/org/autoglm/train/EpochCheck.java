package org.autoglm.train;

/** Called after every epoch's evaluation; returning true ends training there. */
@FunctionalInterface
public interface EpochCheck {
  EpochCheck NEVER = (epoch, valScore) -> false;

  /** {@code valScore} is the selection metric ({@code train.metric}) on the validation nodes. */
  boolean stopAfter(int epoch, double valScore);
}
