package org.autoglm.study;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.trial.TrialState;
import org.autoglm.train.EpochRecord;

/**
 * One finished trial run as it comes back from its executor: small, whatever the graph's size. The
 * driver adds the order it told the study and the time the run spent outside training.
 *
 * @param status {@code COMPLETE}, {@code PAUSED} (stopped at a rung, may be promoted), {@code
 *     PRUNED} or {@code FAILED}; never {@code RUNNING}
 * @param scores the best epoch's scores; null when the run failed before any
 * @param epochs epochs trained, counting those before a resume
 * @param resumedFrom the epoch this run continued from (a promotion's checkpoint), 0 if from
 *     scratch
 * @param trainSeconds wall time of this run alone
 * @param placement where Spark ran it and with what
 * @param error why it failed ({@code diverged}, or the exception), null when complete
 * @param curve the selection metric on validation after each epoch from the first (for the pruner,
 *     and journaled so a resumed run can tell it again)
 * @param sequence the run's place in the order the driver told the study (1, 2, ...); 0 until told
 * @param dispatchSeconds from asked on the driver to told back, less the task's own time: waiting
 *     for a slot, scheduling, task start and result return
 * @param epochLog what each epoch of this run measured (not those before a resume), for the {@code
 *     trial_epochs} table; empty when not recorded or read back from the journal
 * @param reevaluates for a re-evaluation run, the searched trial whose configuration it trains
 *     again with another seed; -1 otherwise
 */
public record TrialResult(
    int trialId,
    Map<String, String> params,
    TrialState status,
    Scores scores,
    int bestEpoch,
    int epochs,
    int resumedFrom,
    double trainSeconds,
    long seed,
    Placement placement,
    Instant startTime,
    Instant endTime,
    String error,
    double[] curve,
    int sequence,
    double dispatchSeconds,
    List<EpochRecord> epochLog,
    int reevaluates)
    implements Serializable {
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

  /**
   * Where a run ran.
   *
   * @param executorId Spark's executor id ({@code driver} in local mode)
   * @param device what trained: {@code cpu} or {@code gpu:<address>}
   * @param cpus the task's CPUs (its intra-op threads)
   * @param gpus the GPU addresses Spark assigned to the task (shared ones too)
   * @param batching how its steps saw the graph: {@code full}, or sampled: {@code neighbors},
   *     {@code subgraph}; {@code -} when it did not train
   */
  public record Placement(
      String executorId, String device, int cpus, List<String> gpus, String batching)
      implements Serializable {
    public Placement {
      gpus = List.copyOf(gpus);
    }

    /** The same placement, trained with {@code how}. */
    public Placement batched(String how) {
      return new Placement(executorId, device, cpus, gpus, how);
    }

    /** Nowhere: a run whose task never reported back. */
    public static final Placement UNKNOWN = new Placement("-", "-", 0, List.of(), "-");
  }

  public TrialResult {
    if (status == TrialState.RUNNING) {
      throw new IllegalArgumentException(
          "trial " + trialId + ": a run comes back ended, not RUNNING");
    }
    params = Map.copyOf(params);
    epochLog = List.copyOf(epochLog);
  }

  /**
   * A run of trial {@code trialId} with {@code params} (as text) that ended {@code status}; the
   * rest is set by name, and what is not set is empty: no scores, no epochs, no error, not a
   * re-evaluation, not yet told.
   */
  public static Builder builder(int trialId, Map<String, String> params, TrialState status) {
    return new Builder(trialId, params, status);
  }

  /** A run that failed before or outside training. */
  public static TrialResult failed(
      TrialSpec spec, Placement placement, Instant start, Instant end, String error) {
    return builder(spec.trialId(), paramsText(spec.params()), TrialState.FAILED)
        .trainSeconds(Duration.between(start, end).toMillis() / 1000.0)
        .seed(spec.seed())
        .placement(placement)
        .time(start, end)
        .error(error)
        .reevaluates(spec.reevaluates())
        .build();
  }

  /** Parameters as results and the journal hold them: by name, as text. */
  public static Map<String, String> paramsText(Map<String, Object> params) {
    Map<String, String> text = new TreeMap<>();
    params.forEach((name, value) -> text.put(name, String.valueOf(value)));
    return text;
  }

  public boolean isComplete() {
    return status == TrialState.COMPLETE;
  }

  /**
   * Trial {@code trialId}'s last complete run in {@code runs} (in the order told; a promoted trial
   * has a row per run).
   */
  public static Optional<TrialResult> lastComplete(List<TrialResult> runs, int trialId) {
    return runs.stream()
        .filter(r -> r.trialId() == trialId && r.isComplete())
        .reduce((first, later) -> later);
  }

  public boolean hasValues() {
    return scores != null;
  }

  /** The task's own wall time, start to end on its executor. */
  public double taskSeconds() {
    return Duration.between(startTime, endTime).toNanos() / 1e9;
  }

  /**
   * The same run as the driver told it: with the state the study gave it (a rung stop is PAUSED
   * there), its place in the telling order and its time outside training.
   */
  public TrialResult told(TrialState newStatus, int newSequence, double newDispatchSeconds) {
    Builder told = new Builder(trialId, params, newStatus);
    told.scores = scores;
    told.bestEpoch = bestEpoch;
    told.epochs = epochs;
    told.resumedFrom = resumedFrom;
    told.trainSeconds = trainSeconds;
    told.seed = seed;
    told.placement = placement;
    told.startTime = startTime;
    told.endTime = endTime;
    told.error = error;
    told.curve = curve;
    told.epochLog = epochLog;
    told.reevaluates = reevaluates;
    return told.told(newSequence, newDispatchSeconds).build();
  }

  /** Sets a run's fields by name; see the record's parameters. */
  public static final class Builder {
    private final int trialId;
    private final Map<String, String> params;
    private final TrialState status;
    private Scores scores;
    private int bestEpoch;
    private int epochs;
    private int resumedFrom;
    private double trainSeconds;
    private long seed;
    private Placement placement = Placement.UNKNOWN;
    private Instant startTime = Instant.EPOCH;
    private Instant endTime = Instant.EPOCH;
    private String error;
    private double[] curve = new double[0];
    private int sequence;
    private double dispatchSeconds;
    private List<EpochRecord> epochLog = List.of();
    private int reevaluates = -1;

    private Builder(int trialId, Map<String, String> params, TrialState status) {
      this.trialId = trialId;
      this.params = params;
      this.status = status;
    }

    public Builder scores(Scores value) {
      scores = value;
      return this;
    }

    /** The best epoch and the epochs trained, counting those before {@code resumedFrom}. */
    public Builder epochs(int best, int trained, int resumedFromEpoch) {
      bestEpoch = best;
      epochs = trained;
      resumedFrom = resumedFromEpoch;
      return this;
    }

    public Builder trainSeconds(double value) {
      trainSeconds = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder placement(Placement value) {
      placement = value;
      return this;
    }

    public Builder time(Instant start, Instant end) {
      startTime = start;
      endTime = end;
      return this;
    }

    public Builder error(String value) {
      error = value;
      return this;
    }

    public Builder curve(double[] value) {
      curve = value;
      return this;
    }

    /** Its place in the telling order and its time outside training. */
    public Builder told(int place, double secondsOutsideTraining) {
      sequence = place;
      dispatchSeconds = secondsOutsideTraining;
      return this;
    }

    public Builder epochLog(List<EpochRecord> value) {
      epochLog = value;
      return this;
    }

    public Builder reevaluates(int searchedTrial) {
      reevaluates = searchedTrial;
      return this;
    }

    public TrialResult build() {
      return new TrialResult(
          trialId,
          params,
          status,
          scores,
          bestEpoch,
          epochs,
          resumedFrom,
          trainSeconds,
          seed,
          placement,
          startTime,
          endTime,
          error,
          curve,
          sequence,
          dispatchSeconds,
          epochLog,
          reevaluates);
    }
  }
}
