package org.autoglm.search.sampler;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a sampler may learn from: trials with values, in trial order, and the parameters of trials
 * still running (so a batch does not crowd one spot).
 */
public record History(List<Observation> observations, List<Map<String, Object>> pending) {
  /** Best first, for one objective: complete trials by loss, then partial ones by step reached. */
  public static final Comparator<Observation> BEST_FIRST =
      Comparator.comparing((Observation o) -> !o.isComplete())
          .thenComparing(Comparator.comparingInt(Observation::step).reversed())
          .thenComparingDouble(Observation::loss)
          .thenComparingInt(Observation::trialId);

  public static final History EMPTY = new History(List.of(), List.of());

  public History {
    observations = List.copyOf(observations);
    pending = List.copyOf(pending);
  }

  public List<Observation> complete() {
    return observations.stream().filter(Observation::isComplete).toList();
  }

  public List<Observation> ranked() {
    return observations.stream().sorted(BEST_FIRST).toList();
  }

  public int size() {
    return observations.size();
  }
}
