package org.autoglm.results;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ParameterImportance;
import org.autoglm.report.RunComparison;
import org.autoglm.report.StudyReport;
import org.autoglm.run.RunLedger;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.RunStatus;
import org.autoglm.study.TrialResult;
import org.autoglm.train.EpochRecord;

/**
 * A run's report from the result tables: {@link #read} gathers what {@link ReportHtml} draws (a
 * bounded read: one row per trial run, the epochs of the best few trials, counts per rule), {@link
 * #write} puts the page on the output filesystem.
 */
public final class Reports {
  /** Trials whose learning curves the report draws. */
  static final int CURVES = 5;

  /** Earlier runs of the study the report compares against, newest first. */
  static final int COMPARED_RUNS = 10;

  /** Top trials per run in the comparison. */
  static final int TOP_K = 5;

  private Reports() {}

  /** Where run {@code runId}'s report goes by default. */
  public static String path(OutputLayout layout, String study, String runId) {
    return layout.root() + "/reports/" + study + "/" + runId + ".html";
  }

  /**
   * Reads run {@code runId} of {@code study} from the views {@link Leaderboard#registerViews}
   * registers (call it first); {@code search} is the study's search (its objectives and scales).
   */
  public static StudyReport read(
      SparkSession spark,
      RunLedger ledger,
      String study,
      String runId,
      ExperimentConfig.SearchConfig search) {
    List<RunLedger.Run> runs = ledger.runs(study);
    return read(
        spark,
        ledger,
        runs.stream()
            .filter(r -> r.runId().equals(runId))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "study '"
                            + study
                            + "' has no run '"
                            + runId
                            + "'; its runs are "
                            + runs.stream().map(RunLedger.Run::runId).toList())),
        search);
  }

  /**
   * Reads {@code run} as given (its row may not be in the ledger yet: a run writes its final page
   * before its final row, so the row is the run's last commit).
   */
  public static StudyReport read(
      SparkSession spark,
      RunLedger ledger,
      RunLedger.Run run,
      ExperimentConfig.SearchConfig search) {
    String study = run.study();
    String runId = run.runId();
    List<RunLedger.Run> runs = new ArrayList<>(ledger.runs(study));
    runs.replaceAll(r -> r.runId().equals(runId) ? run : r);
    RunStatus status = run.effectiveStatus(Instant.now(), ledger.staleAfter());
    List<Row> runRows = trialRuns(spark, study, runId);
    List<StudyReport.TrialRow> trials =
        StudyReport.byTrial(runRows.stream().map(Reports::trialRow).toList());
    String metric =
        runRows.stream()
            .map(r -> r.<String>getAs("metric"))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    return new StudyReport(
        new StudyReport.RunInfo(
            study,
            runId,
            String.valueOf(run.runDate()),
            status.name(),
            String.valueOf(run.startedAt()),
            run.endedAt() == null ? null : String.valueOf(run.endedAt()),
            run.configHash(),
            run.codeVersion(),
            run.dataFingerprint()),
        "val_" + (metric == null ? "score" : metric),
        search.minimizeTrainSeconds(),
        logScaled(search.space()),
        trials,
        curves(spark, study, runId, best(trials)),
        importance(trials),
        quality(spark, study, runId),
        quarantine(spark, study, runId),
        comparison(spark, runs, run),
        votes(spark, study, runId),
        Leaderboard.reevaluated(spark, study, runId).stream().map(Reports::reevaluation).toList(),
        sideBySide(spark, study, runId),
        status == RunStatus.RUNNING);
  }

  /**
   * {@code frame} (a report read from the tables, for the run, its data books and the other runs)
   * with the trials the driver has told so far: the live page, built without a query.
   */
  public static StudyReport live(StudyReport frame, List<TrialResult> told) {
    List<StudyReport.TrialRow> runs = new ArrayList<>();
    for (TrialResult r : told) {
      runs.add(
          new StudyReport.TrialRow(
              r.trialId(),
              r.sequence(),
              r.status().name(),
              r.hasValues() ? r.scores().val() : null,
              r.hasValues() ? r.scores().test() : null,
              r.trainSeconds(),
              r.epochs(),
              r.params(),
              r.error()));
    }
    List<StudyReport.TrialRow> trials = StudyReport.byTrial(runs);
    List<StudyReport.Curve> curves = new ArrayList<>();
    for (StudyReport.TrialRow t : best(trials)) {
      List<EpochRecord> epochs =
          told.stream()
              .filter(r -> r.trialId() == t.trialId())
              .flatMap(r -> r.epochLog().stream())
              .sorted(Comparator.comparingInt(EpochRecord::epoch))
              .toList();
      if (!epochs.isEmpty()) {
        curves.add(
            new StudyReport.Curve(
                t.trialId(),
                epochs.stream().map(EpochRecord::epoch).toList(),
                epochs.stream().map(EpochRecord::trainLoss).toList(),
                epochs.stream().map(EpochRecord::valLoss).toList(),
                epochs.stream().map(EpochRecord::valScore).toList()));
      }
    }
    StudyReport.RunInfo run = frame.run();
    return new StudyReport(
        new StudyReport.RunInfo(
            run.study(),
            run.runId(),
            run.runDate(),
            RunStatus.RUNNING.name(),
            run.startedAt(),
            null,
            run.configHash(),
            run.codeVersion(),
            run.dataFingerprint()),
        frame.objective(),
        frame.multiObjective(),
        frame.logScaled(),
        trials,
        curves,
        importance(trials),
        frame.quality(),
        frame.quarantine(),
        frame.comparison(),
        List.of(),
        List.of(),
        List.of(),
        true);
  }

  /** The trials whose curves the report draws: the best complete ones. */
  private static List<StudyReport.TrialRow> best(List<StudyReport.TrialRow> trials) {
    return StudyReport.ranked(trials).stream().limit(CURVES).toList();
  }

  private static List<ParameterImportance.Share> importance(List<StudyReport.TrialRow> trials) {
    List<StudyReport.TrialRow> complete = StudyReport.complete(trials);
    return ParameterImportance.of(
        complete.stream().map(StudyReport.TrialRow::params).toList(),
        complete.stream().mapToDouble(StudyReport.TrialRow::valScore).toArray(),
        0);
  }

  private static Set<String> logScaled(SearchSpace space) {
    Set<String> names = new TreeSet<>();
    for (Parameter p : space.parameters()) {
      if ((p instanceof Parameter.Real real && real.log())
          || (p instanceof Parameter.Int integer && integer.log())) {
        names.add(p.name());
      }
    }
    return names;
  }

  /** The run's trial runs in telling order: one row per run, whatever the graph's size. */
  private static List<Row> trialRuns(SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT trial_id, coalesce(sequence, 0) AS sequence, status, metric, val_score,"
                + " test_score, train_seconds, epochs, params, error FROM trials"
                + " WHERE study = ? AND run_id = ? ORDER BY sequence, trial_id",
            new Object[] {study, runId})
        .collectAsList();
  }

  private static StudyReport.TrialRow trialRow(Row r) {
    return new StudyReport.TrialRow(
        r.getAs("trial_id"),
        r.getAs("sequence"),
        r.getAs("status"),
        r.getAs("val_score"),
        r.getAs("test_score"),
        r.getAs("train_seconds"),
        r.getAs("epochs"),
        r.getJavaMap(r.fieldIndex("params")),
        r.getAs("error"));
  }

  private static List<StudyReport.Curve> curves(
      SparkSession spark, String study, String runId, List<StudyReport.TrialRow> best) {
    if (best.isEmpty()) {
      return List.of();
    }
    Map<Integer, List<Row>> byTrial = new LinkedHashMap<>();
    best.forEach(t -> byTrial.put(t.trialId(), new ArrayList<>()));
    spark
        .table("trial_epochs")
        .filter(
            col("study")
                .equalTo(study)
                .and(col("run_id").equalTo(runId))
                .and(col("trial_id").isin(byTrial.keySet().toArray())))
        .select("trial_id", "epoch", "train_loss", "val_loss", "val_score")
        .orderBy("trial_id", "epoch")
        .collectAsList()
        .forEach(r -> byTrial.get(r.<Integer>getAs("trial_id")).add(r));
    List<StudyReport.Curve> curves = new ArrayList<>();
    byTrial.forEach(
        (id, rows) -> {
          if (!rows.isEmpty()) {
            curves.add(
                new StudyReport.Curve(
                    id,
                    rows.stream().map(r -> r.<Integer>getAs("epoch")).toList(),
                    rows.stream().map(r -> r.<Double>getAs("train_loss")).toList(),
                    rows.stream().map(r -> r.<Double>getAs("val_loss")).toList(),
                    rows.stream().map(r -> r.<Double>getAs("val_score")).toList()));
          }
        });
    return curves;
  }

  /**
   * The run's distilled student beside its teacher and the graph-free baseline, from the {@code
   * distilled} and {@code baselines} tables; empty when it distilled nothing.
   */
  private static List<StudyReport.ModelCost> sideBySide(
      SparkSession spark, String study, String runId) {
    Object[] run = {study, runId};
    List<Row> distilled =
        spark.sql("SELECT * FROM distilled WHERE study = ? AND run_id = ?", run).collectAsList();
    if (distilled.isEmpty()) {
      return List.of();
    }
    Row d = distilled.get(0);
    List<StudyReport.ModelCost> models = new ArrayList<>();
    models.add(
        new StudyReport.ModelCost(
            "teacher",
            "the study's model, trial runs " + d.getList(d.fieldIndex("teacher_runs")),
            d.getAs("teacher_val_score"),
            d.getAs("teacher_test_score"),
            d.getAs("teacher_test_accuracy"),
            d.getAs("teacher_seconds_per_million")));
    models.add(
        new StudyReport.ModelCost(
            "student",
            d.getJavaMap(d.fieldIndex("student")).get("model")
                + " on node features, taught by the teacher; needs no graph",
            d.getAs("val_score"),
            d.getAs("test_score"),
            d.getAs("test_accuracy"),
            d.getAs("student_seconds_per_million")));
    spark
        .sql(
            "SELECT model, val_score, test_score FROM baselines WHERE study = ? AND run_id = ?"
                + " AND val_score IS NOT NULL AND test_score IS NOT NULL",
            run)
        .collectAsList()
        .forEach(
            b ->
                models.add(
                    new StudyReport.ModelCost(
                        "baseline",
                        b.getString(0) + " on node features (MLlib), no graph",
                        b.getDouble(1),
                        b.getDouble(2),
                        null,
                        null)));
    return models;
  }

  /** The run's rows of the {@code ensembles} table, the chosen one first. */
  private static List<StudyReport.Vote> votes(SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT members, configurations, val_score, test_score, test_accuracy, chosen"
                + " FROM ensembles WHERE study = ? AND run_id = ?"
                + " ORDER BY chosen DESC, configurations, val_score DESC",
            new Object[] {study, runId})
        .collectAsList()
        .stream()
        .map(
            r ->
                new StudyReport.Vote(
                    r.getList(0),
                    r.getInt(1),
                    r.getDouble(2),
                    r.getDouble(3),
                    r.getDouble(4),
                    r.getBoolean(5)))
        .toList();
  }

  private static StudyReport.Reevaluation reevaluation(Row r) {
    return new StudyReport.Reevaluation(
        r.getAs("trial_id"),
        r.getAs("runs"),
        r.getAs("mean_val"),
        r.getAs("std_val"),
        r.getAs("mean_test"),
        r.getAs("std_test"),
        r.getJavaMap(r.fieldIndex("params")));
  }

  private static List<StudyReport.QualityRow> quality(
      SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT stage, table_name, rule, rows_in, kept, quarantined FROM data_quality"
                + " WHERE study = ? AND run_id = ? ORDER BY stage, table_name, rule",
            new Object[] {study, runId})
        .collectAsList()
        .stream()
        .map(
            r ->
                new StudyReport.QualityRow(
                    r.getString(0),
                    r.getString(1),
                    r.getString(2),
                    r.getLong(3),
                    r.getLong(4),
                    r.getLong(5)))
        .toList();
  }

  private static List<StudyReport.QuarantineCount> quarantine(
      SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT stage, table_name, rule, count(*) FROM quarantine WHERE study = ? AND run_id = ?"
                + " GROUP BY stage, table_name, rule ORDER BY count(*) DESC, stage, table_name,"
                + " rule",
            new Object[] {study, runId})
        .collectAsList()
        .stream()
        .map(
            r ->
                new StudyReport.QuarantineCount(
                    r.getString(0), r.getString(1), r.getString(2), r.getLong(3)))
        .toList();
  }

  /** This run against the study's latest completed runs; empty when it has none. */
  private static List<RunComparison.Row> comparison(
      SparkSession spark, List<RunLedger.Run> runs, RunLedger.Run run) {
    List<String> others =
        runs.stream()
            .filter(r -> r.isFinished() && !r.runId().equals(run.runId()))
            .limit(COMPARED_RUNS)
            .map(RunLedger.Run::runId)
            .toList();
    if (others.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(others);
    ids.add(0, run.runId());
    List<RunComparison.RunScores> scores = Compare.scores(spark, run.study(), ids);
    if (scores.get(0).trials().isEmpty()) {
      return List.of();
    }
    return RunComparison.compare(scores, run.runId(), TOP_K);
  }

  /** Writes the page to {@code path} on its filesystem (written beside, then moved in). */
  public static void write(SparkSession spark, String html, String path) {
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path staging = new Path(target.getParent(), "." + target.getName() + ".tmp");
      try (OutputStream out = fs.create(staging, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(target, false);
      if (!fs.rename(staging, target)) {
        throw new IOException("rename of " + staging + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + path, e);
    }
  }
}
