package org.autoglm.search.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;

/**
 * Median stopping: a run stops when its best value so far is worse than the median of completed
 * trials at the same step. Until {@code startupTrials} trials completed, and during the first
 * {@code warmupSteps} steps of each run, nothing is stopped.
 */
public record MedianStopping(int startupTrials, int warmupSteps) implements Pruner {
  public MedianStopping {
    if (startupTrials < 1 || warmupSteps < 0) {
      throw new IllegalArgumentException(
          "median stopping needs startup_trials >= 1 and warmup_steps >= 0, got "
              + startupTrials
              + " and "
              + warmupSteps);
    }
  }

  @Override
  public StopRule stopRule(List<Trial> trials, Direction direction) {
    List<Trial> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
    if (complete.size() < startupTrials) {
      return StopRule.NEVER;
    }
    Map<Integer, List<Double>> byStep = new TreeMap<>();
    for (Trial t : complete) {
      t.intermediate().forEach((s, v) -> byStep.computeIfAbsent(s, k -> new ArrayList<>()).add(v));
    }
    TreeMap<Integer, Double> medians = new TreeMap<>();
    byStep.forEach((s, values) -> medians.put(s, median(values)));
    return new MedianRule(medians, direction, warmupSteps);
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  /** The medians as they stood when the run started, against the run's best value so far. */
  record MedianRule(TreeMap<Integer, Double> medians, Direction direction, int warmupSteps)
      implements StopRule {
    @Override
    public boolean shouldStop(List<Double> curve) {
      int step = curve.size();
      Double median = medians.get(step);
      if (step <= warmupSteps || median == null) {
        return false;
      }
      double bestLoss = curve.stream().mapToDouble(direction::toLoss).min().orElseThrow();
      return bestLoss > direction.toLoss(median);
    }
  }
}
