package org.autoglm.results;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.Quarantine;
import org.autoglm.run.Baseline;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Distillation;
import org.autoglm.run.Ensemble;
import org.autoglm.run.EpochTable;
import org.autoglm.run.Predictor;
import org.autoglm.run.Provenance;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLedger;
import org.autoglm.run.TrialJournal;
import org.autoglm.study.OutputLayout;

/** The output tables as Spark SQL views, and the queries the console prints. */
public final class Leaderboard {
  private Leaderboard() {}

  /**
   * Registers {@code runs}, {@code gates}, {@code comparisons}, {@code predictions}, {@code
   * trials}, {@code baselines}, {@code ensembles}, {@code distilled}, {@code trial_epochs}, {@code
   * data_quality} and {@code quarantine} over {@code layout}; the last seven carry {@code
   * run_status}, their run's status in {@code runs} (a run that never completed is visible as
   * such).
   */
  public static void registerViews(SparkSession spark, OutputLayout layout, RunLedger runs) {
    runs.view().createOrReplaceTempView("runs");
    ResultTables.read(spark, layout.table(OutputLayout.GATES), Gate.SCHEMA)
        .createOrReplaceTempView("gates");
    ResultTables.read(spark, layout.table(OutputLayout.COMPARISONS), Compare.SCHEMA)
        .createOrReplaceTempView("comparisons");
    ResultTables.read(
            spark,
            layout.table(OutputLayout.PREDICTIONS),
            Provenance.schemaOf(Predictor.PREDICTIONS))
        .createOrReplaceTempView(OutputLayout.PREDICTIONS);
    registerWithRunStatus(spark, layout, OutputLayout.TRIALS, TrialJournal.SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.BASELINES, Baseline.SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.ENSEMBLES, Ensemble.SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.DISTILLED, Distillation.SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.TRIAL_EPOCHS, EpochTable.SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.DATA_QUALITY, DataPipeline.QUALITY_SCHEMA);
    registerWithRunStatus(spark, layout, OutputLayout.QUARANTINE, Quarantine.SCHEMA);
  }

  /**
   * Registers result table {@code table} (columns {@code schema} and provenance) as a view of the
   * same name, each row with its run's status from the {@code runs} view (null: no row there).
   */
  private static void registerWithRunStatus(
      SparkSession spark, OutputLayout layout, String table, StructType schema) {
    Dataset<Row> rows = ResultTables.read(spark, layout.table(table), Provenance.schemaOf(schema));
    Dataset<Row> status =
        spark.table("runs").selectExpr("run_id AS status_run_id", "status AS run_status");
    rows.join(status, rows.col("run_id").equalTo(status.col("status_run_id")), "left_outer")
        .drop("status_run_id")
        .createOrReplaceTempView(table);
  }

  /** The run's best trials by the objective, read back from the trials table through Spark SQL. */
  public static List<Row> top(SparkSession spark, String study, String runId, int limit) {
    return spark
        .sql(
            "SELECT trial_id, status, metric, val_score, test_score, test_accuracy, epochs,"
                + " train_seconds, params, error FROM trials WHERE study = ? AND run_id = ?"
                + " ORDER BY status = 'COMPLETE' DESC, val_score DESC NULLS LAST, trial_id LIMIT "
                + limit,
            new Object[] {study, runId})
        .collectAsList();
  }

  /**
   * The run's re-evaluated configurations, best mean objective first: each searched trial with its
   * complete runs (its own and its re-evaluations'), their mean and sample standard deviation of
   * the objective and of test accuracy.
   */
  public static List<Row> reevaluated(SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT coalesce(reevaluates, trial_id) AS trial_id, count(*) AS runs,"
                + " avg(val_score) AS mean_val, stddev_samp(val_score) AS std_val,"
                + " avg(test_accuracy) AS mean_test, stddev_samp(test_accuracy) AS std_test,"
                + " first(params) AS params"
                + " FROM trials WHERE study = ? AND run_id = ? AND status = 'COMPLETE'"
                + " AND coalesce(reevaluates, trial_id) IN (SELECT reevaluates FROM trials"
                + " WHERE study = ? AND run_id = ? AND reevaluates IS NOT NULL)"
                + " GROUP BY coalesce(reevaluates, trial_id)"
                + " ORDER BY mean_val DESC, trial_id",
            new Object[] {study, runId, study, runId})
        .collectAsList();
  }

  /**
   * Trials (a promoted trial has a row per run), completed, pruned, failed, and mean/stddev test
   * accuracy, distinct configurations and best objective value of the completed ones.
   */
  public static Row summary(SparkSession spark, String study, String runId) {
    return spark
        .sql(
            "SELECT count(DISTINCT trial_id) AS trials, count_if(status = 'COMPLETE') AS complete,"
                + " count(DISTINCT trial_id) - count_if(status = 'COMPLETE')"
                + " - count_if(status = 'FAILED') AS pruned,"
                + " count_if(status = 'FAILED') AS failed,"
                + " avg(IF(status = 'COMPLETE', test_accuracy, NULL)) AS mean_test,"
                + " stddev_samp(IF(status = 'COMPLETE', test_accuracy, NULL)) AS std_test,"
                + " count(DISTINCT IF(status = 'COMPLETE', to_json(params), NULL))"
                + " AS configurations,"
                + " max(IF(status = 'COMPLETE', val_score, NULL)) AS best_val"
                + " FROM trials WHERE study = ? AND run_id = ?",
            new Object[] {study, runId})
        .first();
  }

  /**
   * Each of the runs ({@code study/run_id}) that distilled its model: the teacher's, the student's
   * and the graph-free baseline's test accuracy, and teacher's and student's seconds to score 1M
   * nodes; runs that distilled nothing have no row.
   */
  public static List<Row> teacherStudentBaseline(SparkSession spark, List<String> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    return spark
        .sql(
            "SELECT d.study, d.run_id, d.teacher_test_accuracy, d.test_accuracy AS student,"
                + " b.test_score AS baseline, d.teacher_seconds_per_million,"
                + " d.student_seconds_per_million"
                + " FROM distilled d LEFT JOIN baselines b"
                + " ON b.study = d.study AND b.run_id = d.run_id"
                + " WHERE concat(d.study, '/', d.run_id) IN ("
                + String.join(", ", java.util.Collections.nCopies(runs.size(), "?"))
                + ") ORDER BY d.run_date, d.run_id",
            runs.toArray())
        .collectAsList();
  }
}
