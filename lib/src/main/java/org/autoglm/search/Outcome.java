package org.autoglm.search;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a trial run reports back to its study.
 *
 * @param trialId the trial
 * @param kind how the run ended
 * @param values objective values at the end of the run, one per objective (empty if failed)
 * @param step the resource reached (e.g. epochs trained)
 * @param intermediate values reported along the way, by step
 * @param seconds what the trial has cost so far: its training seconds over all its runs (a
 *     promotion continues its rung's run); NaN when not measured. A cost-aware sampler learns from
 *     it
 */
public record Outcome(
    int trialId,
    Kind kind,
    List<Double> values,
    int step,
    SortedMap<Integer, Double> intermediate,
    double seconds) {
  /** How a run ended. */
  public enum Kind {
    /** Used its resource, or converged before it. */
    FINISHED,
    /** A stopping rule fired. */
    PRUNED,
    /** Threw or diverged. */
    FAILED
  }

  public Outcome {
    values = List.copyOf(values);
    intermediate = new TreeMap<>(intermediate);
  }

  public static Outcome finished(int trialId, int step, double... values) {
    return new Outcome(trialId, Kind.FINISHED, boxed(values), step, new TreeMap<>(), Double.NaN);
  }

  public static Outcome failed(int trialId) {
    return new Outcome(trialId, Kind.FAILED, List.of(), 0, new TreeMap<>(), Double.NaN);
  }

  /** The same outcome, having cost {@code seconds} of training. */
  public Outcome costing(double seconds) {
    return new Outcome(trialId, kind, values, step, intermediate, seconds);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
