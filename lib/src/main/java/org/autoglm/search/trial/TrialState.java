package org.autoglm.search.trial;

/** Where a trial stands in its study. */
public enum TrialState {
  /** Handed out by {@code ask}, not yet told. */
  RUNNING,
  /** Reached a rung below the full resource; the scheduler may promote it later. */
  PAUSED,
  /** Ran to its full resource (or converged before it). */
  COMPLETE,
  /** Stopped by the pruner; its values are those at the step it reached. */
  PRUNED,
  /** Threw or diverged; it has no values and samplers ignore it. */
  FAILED;

  public boolean hasValues() {
    return this == PAUSED || this == COMPLETE || this == PRUNED;
  }
}
