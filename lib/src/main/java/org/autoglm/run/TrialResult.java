package org.autoglm.run;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One finished trial run as it comes back from its executor: small, whatever the graph's size.
 *
 * @param status {@code COMPLETE}, {@code PAUSED} (stopped at a rung, may be promoted), {@code
 *     PRUNED} or {@code FAILED}
 * @param scores the best epoch's scores; null when the run failed before any
 * @param epochs epochs trained, counting those before a resume
 * @param resumedFrom the epoch this run continued from (a promotion's checkpoint), 0 if from
 *     scratch
 * @param trainSeconds wall time of this run alone
 * @param error why it failed ({@code diverged}, or the exception), null when complete
 * @param curve the selection metric on validation after each epoch from the first (for the pruner,
 *     and journaled so a resumed run can tell it again)
 */
public record TrialResult(
    int trialId,
    Map<String, String> params,
    String status,
    Scores scores,
    int bestEpoch,
    int epochs,
    int resumedFrom,
    double trainSeconds,
    long seed,
    String executorId,
    String device,
    Instant startTime,
    Instant endTime,
    String error,
    double[] curve)
    implements Serializable {
  public static final String COMPLETE = "COMPLETE";
  public static final String FAILED = "FAILED";
  public static final String PRUNED = "PRUNED";

  /**
   * The best epoch's scores.
   *
   * @param metric the selection metric ({@code train.metric}), the study's objective
   * @param val the metric on the validation nodes: the objective value
   * @param test the metric on the test nodes
   */
  public record Scores(
      String metric,
      double val,
      double valAccuracy,
      double test,
      double testAccuracy,
      double testMacroF1)
      implements Serializable {}

  public TrialResult {
    params = Map.copyOf(params);
  }

  /** Parameters as results and the journal hold them: by name, as text. */
  public static Map<String, String> paramsText(Map<String, Object> params) {
    Map<String, String> text = new TreeMap<>();
    params.forEach((name, value) -> text.put(name, String.valueOf(value)));
    return text;
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }

  public boolean hasValues() {
    return scores != null;
  }

  /** The same result with the state the study gave it (a rung stop is PAUSED there). */
  public TrialResult withStatus(String newStatus) {
    return new TrialResult(
        trialId,
        params,
        newStatus,
        scores,
        bestEpoch,
        epochs,
        resumedFrom,
        trainSeconds,
        seed,
        executorId,
        device,
        startTime,
        endTime,
        error,
        curve);
  }
}
