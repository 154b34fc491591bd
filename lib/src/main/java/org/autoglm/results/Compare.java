package org.autoglm.results;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.autoglm.report.RunComparison;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLedger;
import org.autoglm.study.CodeVersion;
import org.autoglm.study.OutputLayout;

/**
 * {@code autoglm compare}: runs of a study (or the latest runs of several studies) side by side
 * with {@link RunComparison}, printed and appended to the {@code comparisons} table.
 */
public final class Compare {
  /** comparisons columns; partitioned by the compared run's study and run date. */
  public static final StructType SCHEMA =
      new StructType()
          .add("comparison_id", StringType, false)
          .add("compared_at", TimestampType, false)
          .add("reference_study", StringType, false)
          .add("reference_run_id", StringType, false)
          .add("top_k", IntegerType, false)
          .add("run_id", StringType, false)
          .add("is_reference", BooleanType, false)
          .add("metric", StringType, false)
          .add("n", IntegerType, false)
          .add("mean", DoubleType, true)
          .add("spread", DoubleType, true)
          .add("z", DoubleType, true)
          .add("p_value", DoubleType, true)
          .add("code_version", StringType, false)
          .add("study", StringType, false)
          .add("run_date", DateType, false);

  private Compare() {}

  /** A run to compare, named by its study and id. */
  public record RunRef(String study, String runId) {}

  /**
   * Which runs: {@code runIds} of {@code study}; or, with {@code studies}, the latest completed run
   * of each; or else the study's latest {@code defaultRuns} completed runs. The reference is {@code
   * reference} (a run id), else the oldest run chosen.
   */
  public static List<RunRef> choose(
      RunLedger ledger, String study, List<String> runIds, List<String> studies, int defaultRuns) {
    List<RunRef> chosen = new ArrayList<>();
    if (!studies.isEmpty()) {
      for (String s : studies) {
        RunLedger.Run latest =
            ledger.runs(s).stream()
                .filter(RunLedger.Run::isFinished)
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "study '" + s + "' has no completed run to compare"));
        chosen.add(new RunRef(s, latest.runId()));
      }
    } else if (!runIds.isEmpty()) {
      List<String> known = ledger.runs(study).stream().map(RunLedger.Run::runId).toList();
      for (String id : runIds) {
        if (!known.contains(id)) {
          throw new IllegalArgumentException(
              "study '" + study + "' has no run '" + id + "'; its runs are " + known);
        }
        chosen.add(new RunRef(study, id));
      }
    } else {
      ledger.runs(study).stream()
          .filter(RunLedger.Run::isFinished)
          .limit(defaultRuns)
          .forEach(r -> chosen.add(0, new RunRef(study, r.runId())));
    }
    if (chosen.size() < 2) {
      throw new IllegalArgumentException(
          "compare needs two runs or more, and found "
              + chosen.size()
              + (runIds.isEmpty() && studies.isEmpty()
                  ? " completed run(s) of study '" + study + "'"
                  : "")
              + "; name them with --runs ID,ID or --studies NAME,NAME");
    }
    return chosen;
  }

  /**
   * Compares {@code runs} (the first is the reference unless {@code reference} names another),
   * appends the rows to {@code comparisons} and returns them. Reads the views {@link
   * Leaderboard#registerViews} registers (call it first).
   */
  public static List<RunComparison.Row> run(
      SparkSession spark, OutputLayout layout, List<RunRef> runs, String reference, int topK) {
    Map<String, List<String>> byStudy = new LinkedHashMap<>();
    runs.forEach(r -> byStudy.computeIfAbsent(r.study(), s -> new ArrayList<>()).add(r.runId()));
    List<RunComparison.RunScores> scores = new ArrayList<>();
    byStudy.forEach((study, ids) -> scores.addAll(scores(spark, study, ids)));
    RunRef ref =
        reference == null
            ? runs.get(0)
            : runs.stream()
                .filter(r -> r.runId().equals(reference))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--reference "
                                + reference
                                + " is not among the runs compared: "
                                + runs.stream().map(RunRef::runId).toList()));
    List<RunComparison.Row> rows = RunComparison.compare(scores, ref.runId(), topK);
    String id = UUID.randomUUID().toString().substring(0, 8);
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> table = new ArrayList<>();
    for (RunComparison.Row r : rows) {
      table.add(
          RowFactory.create(
              id,
              now,
              ref.study(),
              ref.runId(),
              topK,
              r.runId(),
              r.reference(),
              r.metric(),
              r.n(),
              finite(r.mean()),
              finite(r.spread()),
              r.z(),
              r.pValue(),
              CodeVersion.current(),
              r.study(),
              Date.valueOf(LocalDate.parse(r.runDate()))));
    }
    ResultTables.append(
        spark.createDataFrame(table, SCHEMA).coalesce(1), layout.table(OutputLayout.COMPARISONS));
    return rows;
  }

  /** The complete trials of {@code runIds} of {@code study}, in that order. */
  static List<RunComparison.RunScores> scores(
      SparkSession spark, String study, List<String> runIds) {
    String ids =
        runIds.stream()
            .map(id -> "'" + id.replace("'", "''") + "'")
            .collect(Collectors.joining(","));
    // A promoted trial has a row per run: its last run's scores, its seconds over all runs.
    List<Row> rows =
        spark
            .sql(
                "SELECT run_id, run_date, val, test, seconds, seq FROM (SELECT run_id,"
                    + " first(run_date) AS run_date, max_by(status, sequence) AS status,"
                    + " max_by(val_score, sequence) AS val, max_by(test_score, sequence) AS test,"
                    + " sum(train_seconds) AS seconds, max(sequence) AS seq FROM trials"
                    + " WHERE study = ? AND run_id IN ("
                    + ids
                    + ") GROUP BY run_id, trial_id) WHERE status = 'COMPLETE' AND val IS NOT NULL",
                new Object[] {study})
            .collectAsList();
    Map<String, List<RunComparison.TrialScore>> byRun = new LinkedHashMap<>();
    Map<String, String> dates = new LinkedHashMap<>();
    runIds.forEach(id -> byRun.put(id, new ArrayList<>()));
    for (Row r : rows) {
      String runId = r.getString(0);
      dates.put(runId, r.getDate(1).toString());
      byRun
          .get(runId)
          .add(
              new RunComparison.TrialScore(
                  r.getDouble(2), r.getDouble(3), r.getDouble(4), r.isNullAt(5) ? 0 : r.getInt(5)));
    }
    List<RunComparison.RunScores> scores = new ArrayList<>();
    byRun.forEach(
        (runId, trials) ->
            scores.add(new RunComparison.RunScores(study, runId, dates.get(runId), trials)));
    return scores;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
