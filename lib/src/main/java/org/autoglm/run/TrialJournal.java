package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Appends each wave's results to the Parquet {@code trials} table, partitioned by study and run
 * date, with provenance on every row. Written per wave, so a crash loses at most one wave.
 */
public final class TrialJournal {
  /**
   * trials columns before provenance; params values are text ({@code cast} to query numbers).
   * {@code val_score} is the objective: {@code metric} ({@code train.metric}) on validation.
   */
  public static final StructType SCHEMA =
      new StructType()
          .add("trial_id", IntegerType, false)
          .add("params", createMapType(StringType, StringType, false), false)
          .add("status", StringType, false)
          .add("metric", StringType, true)
          .add("val_score", DoubleType, true)
          .add("val_accuracy", DoubleType, true)
          .add("test_score", DoubleType, true)
          .add("test_accuracy", DoubleType, true)
          .add("test_macro_f1", DoubleType, true)
          .add("best_epoch", IntegerType, false)
          .add("epochs", IntegerType, false)
          .add("resumed_from", IntegerType, false)
          .add("train_seconds", DoubleType, false)
          .add("seed", LongType, false)
          .add("data_fingerprint", StringType, false)
          .add("executor_id", StringType, false)
          .add("device", StringType, false)
          .add("start_time", TimestampType, false)
          .add("end_time", TimestampType, false)
          .add("error", StringType, true);

  private final SparkSession spark;
  private final OutputLayout layout;
  private final Provenance provenance;
  private final String fingerprint;

  public TrialJournal(
      SparkSession spark, OutputLayout layout, Provenance provenance, String fingerprint) {
    this.spark = spark;
    this.layout = layout;
    this.provenance = provenance;
    this.fingerprint = fingerprint;
  }

  public void append(List<TrialResult> results) {
    List<Row> rows = results.stream().map(this::row).toList();
    provenance
        .stamp(spark.createDataFrame(rows, SCHEMA))
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .partitionBy("study", "run_date")
        .parquet(layout.table(OutputLayout.TRIALS));
  }

  private Row row(TrialResult r) {
    TrialResult.Scores s = r.scores();
    return RowFactory.create(
        r.trialId(),
        r.params(),
        r.status(),
        s == null ? null : s.metric(),
        s == null ? null : s.val(),
        s == null ? null : s.valAccuracy(),
        s == null ? null : s.test(),
        s == null ? null : s.testAccuracy(),
        s == null ? null : s.testMacroF1(),
        r.bestEpoch(),
        r.epochs(),
        r.resumedFrom(),
        r.trainSeconds(),
        r.seed(),
        fingerprint,
        r.executorId(),
        r.device(),
        Timestamp.from(r.startTime()),
        Timestamp.from(r.endTime()),
        r.error());
  }
}
