package org.autoglm.search.trial;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial as a study records it. A list of these is all a study needs to rebuild itself.
 *
 * @param trialId 0-based number within the study
 * @param params the active parameters
 * @param state how the trial stands
 * @param values objective values, one per study objective (empty unless {@code state.hasValues()})
 * @param step the resource (e.g. epochs) the trial reached
 * @param intermediate values reported along the way, by step (first objective)
 * @param seconds its training seconds to {@code step}, NaN when not measured
 */
public record Trial(
    int trialId,
    Map<String, Object> params,
    TrialState state,
    List<Double> values,
    int step,
    SortedMap<Integer, Double> intermediate,
    double seconds)
    implements Serializable {
  public Trial {
    params = Map.copyOf(params);
    values = List.copyOf(values);
    intermediate = new TreeMap<>(intermediate);
    if (state.hasValues() && values.isEmpty()) {
      throw new IllegalArgumentException(
          "trial " + trialId + " is " + state + " but has no values");
    }
  }

  /** First objective value. */
  public double value() {
    return values.get(0);
  }

  @Override
  public SortedMap<Integer, Double> intermediate() {
    return new TreeMap<>(intermediate);
  }
}
