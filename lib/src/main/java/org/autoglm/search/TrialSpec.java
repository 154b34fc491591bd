package org.autoglm.search;

import java.io.Serializable;
import java.util.Map;
import org.autoglm.search.prune.StopRule;

/**
 * What one trial run should do.
 *
 * @param trialId 0-based number within the study
 * @param params parameter values by name ({@code Double}, {@code Integer} or {@code String})
 * @param seed the trial's own seed, derived from the study seed and the trial id
 * @param resource the step (e.g. epoch) the run may go up to; 0 means no cap
 * @param resumeFrom the step a promoted trial continues from (its checkpoint); 0 for a new trial
 * @param stopRule checked by the run after each step; it may end the run early as pruned
 * @param reevaluates for a re-evaluation run, the searched trial whose configuration it trains
 *     again with another seed; -1 otherwise
 */
public record TrialSpec(
    int trialId,
    Map<String, Object> params,
    long seed,
    int resource,
    int resumeFrom,
    StopRule stopRule,
    int reevaluates)
    implements Serializable {
  public TrialSpec {
    params = Map.copyOf(params);
  }

  public TrialSpec(
      int trialId,
      Map<String, Object> params,
      long seed,
      int resource,
      int resumeFrom,
      StopRule stopRule) {
    this(trialId, params, seed, resource, resumeFrom, stopRule, -1);
  }

  public TrialSpec(int trialId, Map<String, Object> params, long seed) {
    this(trialId, params, seed, 0, 0, StopRule.NEVER);
  }

  public boolean isPromotion() {
    return resumeFrom > 0;
  }
}
