package org.autoglm.run;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * One finished trial as it comes back from its executor: small, whatever the graph's size.
 *
 * @param status {@code COMPLETE}, {@code PAUSED} (stopped at a rung, may be promoted), {@code
 *     PRUNED} or {@code FAILED}
 * @param error why it failed ({@code diverged}, or the exception), null when complete
 * @param curve validation accuracy after each epoch of this run (for the pruner, not journaled)
 */
public record TrialResult(
    int trialId,
    Map<String, String> params,
    String status,
    Double valAccuracy,
    Double testAccuracy,
    int bestEpoch,
    int epochs,
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

  public TrialResult {
    params = Map.copyOf(params);
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }

  public boolean hasValues() {
    return valAccuracy != null;
  }

  /** The same result with the state the study gave it (a rung stop is PAUSED there). */
  public TrialResult withStatus(String newStatus) {
    return new TrialResult(
        trialId,
        params,
        newStatus,
        valAccuracy,
        testAccuracy,
        bestEpoch,
        epochs,
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
