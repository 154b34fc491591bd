package org.autoglm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one run's report shows, read from the tables: what {@link ReportHtml} draws.
 *
 * @param run the run and its provenance
 * @param objective the objective's column name ({@code val_accuracy}, ...)
 * @param multiObjective the study minimised training time too
 * @param logScaled the parameters the search space samples on a log scale (drawn on log axes)
 * @param trials one row per trial (a promoted trial's latest run), in telling order
 * @param curves per-epoch rows of the best trials (by validation score), best first
 * @param importance parameter importances, highest first
 * @param quality the data-quality books of the run
 * @param quarantine rows quarantined per stage, table and rule
 * @param comparison this run beside the study's other runs; empty when it has none
 * @param votes the soft votes the study scored for its model, the chosen one first; empty while it
 *     trains and when it re-evaluates nothing and builds no ensemble (its model is its best trial)
 * @param reevaluated the configurations run again with more seeds, best mean first
 * @param sideBySide the study's model, its distilled student and the graph-free baseline, with
 *     their scores and costs; empty when the run distilled nothing
 * @param live the run is still training: the page reloads itself
 */
public record StudyReport(
    RunInfo run,
    String objective,
    boolean multiObjective,
    Set<String> logScaled,
    List<TrialRow> trials,
    List<Curve> curves,
    List<ParameterImportance.Share> importance,
    List<QualityRow> quality,
    List<QuarantineCount> quarantine,
    List<RunComparison.Row> comparison,
    List<Vote> votes,
    List<Reevaluation> reevaluated,
    List<ModelCost> sideBySide,
    boolean live) {

  public StudyReport {
    logScaled = Set.copyOf(logScaled);
    trials = List.copyOf(trials);
    curves = List.copyOf(curves);
    importance = List.copyOf(importance);
    quality = List.copyOf(quality);
    quarantine = List.copyOf(quarantine);
    comparison = List.copyOf(comparison);
    votes = List.copyOf(votes);
    reevaluated = List.copyOf(reevaluated);
    sideBySide = List.copyOf(sideBySide);
  }

  /** The complete trials with a score, in the order given. */
  public static List<TrialRow> complete(List<TrialRow> trials) {
    return trials.stream()
        .filter(t -> "COMPLETE".equals(t.status()) && t.valScore() != null)
        .toList();
  }

  /** The complete trials with a score, best first (ties: the lower trial id). */
  public static List<TrialRow> ranked(List<TrialRow> trials) {
    return complete(trials).stream()
        .sorted(
            Comparator.comparing(TrialRow::valScore).reversed().thenComparingInt(TrialRow::trialId))
        .toList();
  }

  /**
   * Trials from their runs in telling order: each trial's last run (a promotion moves the trial to
   * its later place), its seconds summed over its runs.
   */
  public static List<TrialRow> byTrial(List<TrialRow> runs) {
    Map<Integer, TrialRow> byTrial = new LinkedHashMap<>();
    for (TrialRow run : runs) {
      TrialRow earlier = byTrial.remove(run.trialId());
      double seconds = run.trainSeconds() + (earlier == null ? 0 : earlier.trainSeconds());
      byTrial.put(
          run.trialId(),
          new TrialRow(
              run.trialId(),
              run.sequence(),
              run.status(),
              run.valScore(),
              run.testScore(),
              seconds,
              run.epochs(),
              run.params(),
              run.error()));
    }
    return new ArrayList<>(byTrial.values());
  }

  /** The run's line in the runs table. */
  public record RunInfo(
      String study,
      String runId,
      String runDate,
      String status,
      String startedAt,
      String endedAt,
      String configHash,
      String codeVersion,
      String dataFingerprint) {}

  /**
   * One trial as it ended.
   *
   * @param sequence when the study was told its last run (1, 2, ...)
   * @param trainSeconds over all its runs
   * @param valScore null when it failed before any epoch
   */
  public record TrialRow(
      int trialId,
      int sequence,
      String status,
      Double valScore,
      Double testScore,
      double trainSeconds,
      int epochs,
      Map<String, String> params,
      String error) {
    public TrialRow {
      params = Map.copyOf(params);
    }
  }

  /** A trial's learning curves, one value per epoch from {@code epochs}. */
  public record Curve(
      int trialId,
      List<Integer> epochs,
      List<Double> trainLoss,
      List<Double> valLoss,
      List<Double> valScore) {
    public Curve {
      epochs = List.copyOf(epochs);
      trainLoss = List.copyOf(trainLoss);
      valLoss = List.copyOf(valLoss);
      valScore = List.copyOf(valScore);
    }
  }

  /**
   * A soft vote of trial runs the study scored as its model: the chosen configuration's seeds, or
   * the ensemble of its best configurations.
   *
   * @param members the runs' trial ids, best configuration first
   * @param configurations how many distinct configurations the runs train
   * @param chosen whether it is the study's model
   */
  public record Vote(
      List<Integer> members,
      int configurations,
      double valScore,
      double testScore,
      double testAccuracy,
      boolean chosen) {
    public Vote {
      members = List.copyOf(members);
    }
  }

  /**
   * One model of the run as a node scorer: what it scores and what scoring costs.
   *
   * @param model {@code teacher}, {@code student} or {@code baseline}
   * @param description what it is, for a reader
   * @param secondsPerMillion its time to score every node, per million nodes; null: not measured
   */
  public record ModelCost(
      String model,
      String description,
      double valScore,
      double testScore,
      Double testAccuracy,
      Double secondsPerMillion) {}

  /**
   * A searched configuration run again with more seeds: over its complete runs, the mean and the
   * sample standard deviation (null with one run) of the objective and of test accuracy.
   */
  public record Reevaluation(
      int trialId,
      long runs,
      double meanVal,
      Double stdVal,
      double meanTest,
      Double stdTest,
      Map<String, String> params) {
    public Reevaluation {
      params = Map.copyOf(params);
    }
  }

  public record QualityRow(
      String stage, String table, String rule, long rowsIn, long kept, long quarantined) {}

  public record QuarantineCount(String stage, String table, String rule, long rows) {}
}
