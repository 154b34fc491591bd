package org.autoglm.results;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.graph.Quarantine;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.OutputLayout;
import org.autoglm.run.Provenance;
import org.autoglm.run.Tables;
import org.autoglm.run.TrialJournal;

/** The output tables as Spark SQL views, and the queries the console prints. */
public final class Leaderboard {
  private Leaderboard() {}

  /** Registers {@code trials}, {@code data_quality} and {@code quarantine} over {@code layout}. */
  public static void registerViews(SparkSession spark, OutputLayout layout) {
    Tables.read(spark, layout.table(OutputLayout.TRIALS), Provenance.schemaOf(TrialJournal.SCHEMA))
        .createOrReplaceTempView("trials");
    Tables.read(
            spark,
            layout.table(OutputLayout.DATA_QUALITY),
            Provenance.schemaOf(DataPipeline.QUALITY_SCHEMA))
        .createOrReplaceTempView("data_quality");
    Tables.read(
            spark, layout.table(OutputLayout.QUARANTINE), Provenance.schemaOf(Quarantine.SCHEMA))
        .createOrReplaceTempView("quarantine");
  }

  /** The run's best trials by the objective, read back from Parquet through Spark SQL. */
  public static List<Row> top(SparkSession spark, String study, String runId, int limit) {
    return spark
        .sql(
            "SELECT trial_id, status, metric, val_score, test_score, test_accuracy, epochs,"
                + " train_seconds, params FROM trials WHERE study = ? AND run_id = ?"
                + " ORDER BY status = 'COMPLETE' DESC, val_score DESC NULLS LAST, trial_id LIMIT "
                + limit,
            new Object[] {study, runId})
        .collectAsList();
  }

  /**
   * Trials (a promoted trial has a row per run), completed, pruned, failed, and mean/stddev test
   * accuracy and best objective value of the completed ones.
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
                + " max(IF(status = 'COMPLETE', val_score, NULL)) AS best_val"
                + " FROM trials WHERE study = ? AND run_id = ?",
            new Object[] {study, runId})
        .first();
  }
}
