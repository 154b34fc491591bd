package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Appends trial runs to the Parquet {@code trials} table, partitioned by study and run date, with
 * provenance on every row, while the study runs (so it can be queried, and a crash loses only what
 * was not yet appended); {@link #compact} leaves one file per run at its end, and {@link #readRun}
 * gives a crashed run's journal back to resume it.
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
          .add("task_cpus", IntegerType, true)
          .add("task_gpus", createArrayType(StringType, false), true)
          .add("start_time", TimestampType, false)
          .add("end_time", TimestampType, false)
          .add("error", StringType, true)
          .add("sequence", IntegerType, true)
          .add("dispatch_seconds", DoubleType, true)
          .add("slots", IntegerType, true);

  /** {@code --resume}'s word for the study's most recently ended run. */
  public static final String LATEST = "latest";

  private final SparkSession spark;
  private final OutputLayout layout;
  private final Provenance provenance;
  private final String fingerprint;
  private final int slots;

  /** {@code slots}: the run's trials in flight at once, which a resume must keep. */
  public TrialJournal(
      SparkSession spark,
      OutputLayout layout,
      Provenance provenance,
      String fingerprint,
      int slots) {
    this.spark = spark;
    this.layout = layout;
    this.provenance = provenance;
    this.fingerprint = fingerprint;
    this.slots = slots;
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

  /**
   * Rewrites this run's rows, appended a few at a time while it ran, as one file. The new file is
   * written beside the table first ({@code _compacting/}, which readers skip), then moved into the
   * partition before the old files are deleted: a reader in that moment may see a run twice, never
   * lose one. Only files holding nothing but this run's rows are touched.
   */
  public void compact() {
    String table = layout.table(OutputLayout.TRIALS);
    List<String> files =
        Tables.read(spark, table, Provenance.schemaOf(SCHEMA))
            .filter(
                col("study")
                    .equalTo(provenance.study())
                    .and(col("run_date").equalTo(java.sql.Date.valueOf(provenance.runDate())))
                    .and(col("run_id").equalTo(provenance.runId())))
            .select(input_file_name())
            .distinct()
            .as(Encoders.STRING())
            .collectAsList();
    if (files.size() <= 1) {
      return;
    }
    Path staging = new Path(table, "_compacting/" + provenance.runId());
    try {
      FileSystem fs = staging.getFileSystem(spark.sparkContext().hadoopConfiguration());
      spark
          .read()
          .option("basePath", table) // study and run_date come from the files' folders
          .schema(Provenance.schemaOf(SCHEMA))
          .parquet(files.toArray(String[]::new))
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy("study", "run_date")
          .parquet(staging.toString());
      Path partition = new Path(files.get(0)).getParent();
      for (FileStatus written : fs.globStatus(new Path(staging, "study=*/run_date=*/*.parquet"))) {
        Path target = new Path(partition, written.getPath().getName());
        if (!fs.rename(written.getPath(), target)) {
          throw new IOException("could not move " + written.getPath() + " to " + target);
        }
      }
      for (String file : files) {
        fs.delete(new Path(file), false);
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot compact run " + provenance.runId() + " in " + table, e);
    }
  }

  /** A run's journal, read back to resume it. */
  public record Recorded(
      String runId,
      LocalDate runDate,
      String configHash,
      String dataFingerprint,
      int slots,
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
        intOr(first, "slots", 0),
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
    List<String> gpus =
        row.isNullAt(row.fieldIndex("task_gpus"))
            ? List.of()
            : row.getList(row.fieldIndex("task_gpus"));
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
        new TrialResult.Placement(
            row.getAs("executor_id"), row.getAs("device"), intOr(row, "task_cpus", 0), gpus),
        row.<Timestamp>getAs("start_time").toInstant(),
        row.<Timestamp>getAs("end_time").toInstant(),
        row.getAs("error"),
        curve.stream().mapToDouble(Double::doubleValue).toArray(),
        intOr(row, "sequence", 0),
        row.isNullAt(row.fieldIndex("dispatch_seconds")) ? 0 : row.getAs("dispatch_seconds"));
  }

  /** A column journals written before it existed read as null. */
  private static int intOr(Row row, String column, int absent) {
    return row.isNullAt(row.fieldIndex(column)) ? absent : row.<Integer>getAs(column);
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
        r.placement().executorId(),
        r.placement().device(),
        r.placement().cpus(),
        r.placement().gpus(),
        Timestamp.from(r.startTime()),
        Timestamp.from(r.endTime()),
        r.error(),
        r.sequence(),
        r.dispatchSeconds(),
        slots);
  }
}
