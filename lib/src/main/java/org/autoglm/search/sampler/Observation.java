package org.autoglm.search.sampler;

import java.util.Map;
import org.autoglm.search.trial.TrialState;

/**
 * A trial with values, as samplers see it.
 *
 * @param trialId the trial
 * @param params its active parameters
 * @param losses objective values turned into losses (lower is better), one per objective
 * @param state COMPLETE, or PAUSED / PRUNED when the values come from part of the resource
 * @param step the resource the values were measured at
 * @param seconds what reaching {@code step} cost, in training seconds; NaN when not measured
 */
public record Observation(
    int trialId,
    Map<String, Object> params,
    double[] losses,
    TrialState state,
    int step,
    double seconds) {
  public double loss() {
    return losses[0];
  }

  public boolean isComplete() {
    return state == TrialState.COMPLETE;
  }
}
