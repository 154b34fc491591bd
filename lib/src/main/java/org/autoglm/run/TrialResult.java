package org.autoglm.run;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * One finished trial as it comes back from its executor: small, whatever the graph's size.
 *
 * @param status {@code COMPLETE} or {@code FAILED}
 * @param error why it failed ({@code diverged}, or the exception), null when complete
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
    String error)
    implements Serializable {
  public static final String COMPLETE = "COMPLETE";
  public static final String FAILED = "FAILED";

  public TrialResult {
    params = Map.copyOf(params);
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }
}
