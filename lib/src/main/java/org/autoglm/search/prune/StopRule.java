package org.autoglm.search.prune;

import java.io.Serializable;

/**
 * Checked by a running trial after each step, where the study cannot be asked: the pruner captures
 * what it knows when the trial starts, and the trial carries it to its executor.
 */
@FunctionalInterface
public interface StopRule extends Serializable {
  StopRule NEVER = (step, value) -> false;

  /** Should a run that reported {@code value} at {@code step} stop now? */
  boolean shouldStop(int step, double value);
}
