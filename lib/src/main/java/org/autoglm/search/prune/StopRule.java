package org.autoglm.search.prune;

import java.io.Serializable;
import java.util.List;

/**
 * Checked by a running trial after each step, where the study cannot be asked: the pruner captures
 * what it knows when the trial starts, and the trial carries it to its executor. A rule holds no
 * per-run state, so one rule can serve every run of a wave.
 */
@FunctionalInterface
public interface StopRule extends Serializable {
  StopRule NEVER = curve -> false;

  /** Should a run stop now, given the values it reported after steps 1 to {@code curve.size()}? */
  boolean shouldStop(List<Double> curve);
}
