package org.autoglm.search.trial;

/** Whether an objective is better high or low. */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  /** The value as a loss: lower is better whatever the direction. */
  public double toLoss(double value) {
    return this == MAXIMIZE ? -value : value;
  }
}
