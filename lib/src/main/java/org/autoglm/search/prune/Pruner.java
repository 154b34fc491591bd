package org.autoglm.search.prune;

import java.util.List;
import java.util.Optional;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.Trial;

/**
 * Decides how much resource trials get, in two ways that need no call back to the driver: a {@link
 * StopRule} a run checks on its executor after each step (median stopping), and rungs — a run stops
 * at its rung and the study promotes the best paused trials when next asked for work (successive
 * halving, Hyperband). Pruners keep no state: everything follows from the study's trials, so a
 * rebuilt study prunes alike.
 */
public interface Pruner {
  /** The step a new trial may go up to; 0 means its full resource. */
  default int firstResource(int trialId) {
    return 0;
  }

  /** The rule the runs starting now (one ask's) should check. */
  default StopRule stopRule(List<Trial> trials, Direction direction) {
    return StopRule.NEVER;
  }

  /** The best paused trial to promote now, if any. */
  default Optional<Promotion> promotion(List<Trial> trials, Direction direction) {
    return Optional.empty();
  }

  /** Is {@code step} below the full resource, so a run that stops there is only paused? */
  default boolean isRung(int step) {
    return false;
  }

  /** Every trial gets its full resource. */
  Pruner NONE = new Pruner() {};
}
