package org.autoglm.search;

import java.io.Serializable;
import java.util.Map;

/**
 * What one trial should run.
 *
 * @param trialId 0-based number within the study
 * @param params parameter values by name ({@code Double}, {@code Integer} or {@code String})
 * @param seed the trial's own seed, derived from the study seed and the trial id
 */
public record TrialSpec(int trialId, Map<String, Object> params, long seed)
    implements Serializable {
  public TrialSpec {
    params = Map.copyOf(params);
  }
}
