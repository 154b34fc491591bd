package org.autoglm.results;

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
    boolean live) {

  public StudyReport {
    logScaled = Set.copyOf(logScaled);
    trials = List.copyOf(trials);
    curves = List.copyOf(curves);
    importance = List.copyOf(importance);
    quality = List.copyOf(quality);
    quarantine = List.copyOf(quarantine);
    comparison = List.copyOf(comparison);
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

  public record QualityRow(
      String stage, String table, String rule, long rowsIn, long kept, long quarantined) {}

  public record QuarantineCount(String stage, String table, String rule, long rows) {}
}
