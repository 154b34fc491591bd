package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Appends each wave's results to the Parquet {@code trials} table, partitioned by study and run
 * date, with provenance on every row. Written per wave, so a crash loses at most one wave, and
 * {@link #readRun} gives a crashed run's journal back to resume it.
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
          .add("val_curve", createArrayType(DoubleType, false), true)
          .add("train_seconds", DoubleType, false)
          .add("seed", LongType, false)
          .add("data_fingerprint", StringType, false)
          .add("executor_id", StringType, false)
          .add("device", StringType, false)
          .add("start_time", TimestampType, false)
          .add("end_time", TimestampType, false)
          .add("error", StringType, true);

  /** {@code --resume}'s word for the study's most recently ended run. */
  public static final String LATEST = "latest";

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

  /** A run's journal, read back to resume it. */
  public record Recorded(
      String runId,
      LocalDate runDate,
      String configHash,
      String dataFingerprint,
      List<TrialResult> runs) {}

  /**
   * The journaled trial runs of {@code study}'s run {@code runId}, or of its latest run when {@code
   * runId} is {@value #LATEST}. A run's rows are a study's trials, never graph-sized.
   */
  public static Recorded readRun(
      SparkSession spark, OutputLayout layout, String study, String runId) {
    String table = layout.table(OutputLayout.TRIALS);
    Dataset<Row> trials =
        Tables.read(spark, table, Provenance.schemaOf(SCHEMA)).filter(col("study").equalTo(study));
    String chosen = runId;
    if (LATEST.equals(runId)) {
      Row latest =
          trials
              .groupBy("run_id")
              .agg(max("end_time").as("ended"))
              .orderBy(desc("ended"))
              .takeAsList(1)
              .stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new ResumeRefused(
                          "study '"
                              + study
                              + "' has no journaled run under "
                              + table
                              + " to resume; run it without --resume"));
      chosen = latest.getString(0);
    }
    List<Row> rows = trials.filter(col("run_id").equalTo(chosen)).collectAsList();
    if (rows.isEmpty()) {
      List<String> known =
          trials
              .select("run_id")
              .distinct()
              .orderBy("run_id")
              .as(Encoders.STRING())
              .collectAsList();
      throw new ResumeRefused(
          "study '"
              + study
              + "' has no run '"
              + chosen
              + "' under "
              + table
              + (known.isEmpty() ? "" : "; its runs are " + String.join(", ", known))
              + " (or give --resume latest)");
    }
    Row first = rows.get(0);
    return new Recorded(
        chosen,
        first.<java.sql.Date>getAs("run_date").toLocalDate(),
        first.getAs("config_hash"),
        first.getAs("data_fingerprint"),
        rows.stream().map(TrialJournal::result).toList());
  }

  private static TrialResult result(Row row) {
    Double val = row.getAs("val_score");
    TrialResult.Scores scores =
        val == null
            ? null
            : new TrialResult.Scores(
                row.getAs("metric"),
                val,
                row.getAs("val_accuracy"),
                row.getAs("test_score"),
                row.getAs("test_accuracy"),
                row.getAs("test_macro_f1"));
    List<Double> curve =
        row.isNullAt(row.fieldIndex("val_curve"))
            ? List.of()
            : row.getList(row.fieldIndex("val_curve"));
    return new TrialResult(
        row.getAs("trial_id"),
        row.getJavaMap(row.fieldIndex("params")),
        row.getAs("status"),
        scores,
        row.getAs("best_epoch"),
        row.getAs("epochs"),
        row.getAs("resumed_from"),
        row.getAs("train_seconds"),
        row.getAs("seed"),
        row.getAs("executor_id"),
        row.getAs("device"),
        row.<Timestamp>getAs("start_time").toInstant(),
        row.<Timestamp>getAs("end_time").toInstant(),
        row.getAs("error"),
        curve.stream().mapToDouble(Double::doubleValue).toArray());
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
        r.curve(),
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
