package org.autoglm.train;

/** Called after every epoch's evaluation; returning true ends training there. */
@FunctionalInterface
public interface EpochCheck {
  EpochCheck NEVER = (epoch, valAccuracy) -> false;

  boolean stopAfter(int epoch, double valAccuracy);
}
