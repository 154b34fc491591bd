package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.TrialResult;

/**
 * Appends trial runs to the {@code trials} table (Delta Lake on Parquet, partitioned by study and
 * run date), with provenance on every row, while the study runs (so it can be queried, and a crash
 * loses only what was not yet appended); {@link #compact} leaves a few files per partition at the
 * end, and {@link #readRun} gives a crashed run's journal back to resume it.
 */
public final class TrialJournal {
  /** A run's few epoch files are left as they are: compaction would cost more than it saves. */
  static final int EPOCH_APPENDS_KEPT = 4;

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
          .add("slots", IntegerType, true)
          .add("reevaluates", IntegerType, true)
          .add("epoch_log", createArrayType(EpochTable.EPOCH, false), true)
          .add("batching", StringType, true);

  private final SparkSession spark;
  private final OutputLayout layout;
  private final Provenance provenance;
  private final String fingerprint;
  private final int slots;
  private int epochAppends;

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

  /** Appends told runs to {@code trials}, in one commit. */
  public void append(List<TrialResult> results) {
    List<Row> rows = results.stream().map(this::row).toList();
    ResultTables.append(
        provenance.stamp(spark.createDataFrame(rows, SCHEMA)).coalesce(1),
        layout.table(OutputLayout.TRIALS));
  }

  /**
   * Appends the epochs of runs already in {@code trials} to {@code trial_epochs}, in one commit.
   */
  public void appendEpochs(List<TrialResult> results) {
    List<Row> epochs = EpochTable.rows(results);
    if (!epochs.isEmpty()) {
      ResultTables.append(
          provenance.stamp(spark.createDataFrame(epochs, EpochTable.SCHEMA)).coalesce(1),
          layout.table(OutputLayout.TRIAL_EPOCHS));
      epochAppends++;
    }
  }

  /**
   * Appends to {@code trial_epochs} the epochs of journaled runs it lacks: a run killed after
   * journaling a trial but before its epochs' next append has them from the trial's {@code
   * epoch_log}. Returns the runs restored.
   */
  public int restoreEpochs(List<TrialResult> journaled) {
    Set<List<Integer>> present = new HashSet<>();
    ResultTables.read(
            spark, layout.table(OutputLayout.TRIAL_EPOCHS), Provenance.schemaOf(EpochTable.SCHEMA))
        .filter(provenance.rowsOfThisRun())
        .select("trial_id", "sequence")
        .distinct()
        .collectAsList()
        .forEach(r -> present.add(List.of(r.getInt(0), r.getInt(1))));
    List<TrialResult> missing =
        journaled.stream()
            .filter(r -> !r.epochLog().isEmpty())
            .filter(r -> !present.contains(List.of(r.trialId(), r.sequence())))
            .toList();
    if (!missing.isEmpty()) {
      SparkJobs.labelled(
          spark,
          "journal",
          "journal: append the epochs of " + missing.size() + " restored trial run(s)",
          () -> {
            appendEpochs(missing);
            return null;
          });
    }
    return missing.size();
  }

  /**
   * Rewrites this run's partitions, appended a few rows at a time, as a few files: both tables at
   * once (each compaction is mostly waiting on its commit); {@code trial_epochs} only when this run
   * appended to it more than {@value #EPOCH_APPENDS_KEPT} times.
   */
  public void compact() {
    String date = provenance.runDate().toString();
    CompletableFuture<Void> epochs =
        epochAppends > EPOCH_APPENDS_KEPT
            ? CompletableFuture.runAsync(
                () ->
                    ResultTables.compact(
                        spark, layout.table(OutputLayout.TRIAL_EPOCHS), provenance.study(), date))
            : CompletableFuture.completedFuture(null);
    ResultTables.compact(spark, layout.table(OutputLayout.TRIALS), provenance.study(), date);
    try {
      epochs.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** A run's journal, read back to resume it: its trial runs and the trials it had in flight. */
  public record Recorded(int slots, List<TrialResult> runs) {}

  /** The journaled trial runs of {@code run}; a study's trials, not more. */
  public static Recorded readRun(SparkSession spark, OutputLayout layout, Provenance run) {
    List<Row> rows =
        ResultTables.read(spark, layout.table(OutputLayout.TRIALS), Provenance.schemaOf(SCHEMA))
            .filter(run.rowsOfThisRun())
            .collectAsList();
    return new Recorded(
        rows.isEmpty() ? 0 : intOr(rows.get(0), "slots", 0),
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
    return TrialResult.builder(
            row.getAs("trial_id"),
            row.getJavaMap(row.fieldIndex("params")),
            TrialState.valueOf(row.getAs("status")))
        .scores(scores)
        .epochs(row.getAs("best_epoch"), row.getAs("epochs"), row.getAs("resumed_from"))
        .trainSeconds(row.getAs("train_seconds"))
        .seed(row.getAs("seed"))
        .placement(
            new TrialResult.Placement(
                row.getAs("executor_id"),
                row.getAs("device"),
                intOr(row, "task_cpus", 0),
                gpus,
                row.isNullAt(row.fieldIndex("batching")) ? "-" : row.getAs("batching")))
        .time(
            row.<Timestamp>getAs("start_time").toInstant(),
            row.<Timestamp>getAs("end_time").toInstant())
        .error(row.getAs("error"))
        .curve(curve.stream().mapToDouble(Double::doubleValue).toArray())
        .told(
            intOr(row, "sequence", 0),
            row.isNullAt(row.fieldIndex("dispatch_seconds")) ? 0 : row.getAs("dispatch_seconds"))
        .epochLog(
            row.isNullAt(row.fieldIndex("epoch_log"))
                ? List.of()
                : EpochTable.fromLog(row.getList(row.fieldIndex("epoch_log"))))
        .reevaluates(intOr(row, "reevaluates", -1))
        .build();
  }

  /** A column journals written before it existed read as null. */
  private static int intOr(Row row, String column, int absent) {
    return row.isNullAt(row.fieldIndex(column)) ? absent : row.<Integer>getAs(column);
  }

  private Row row(TrialResult r) {
    TrialResult.Scores s = r.scores();
    return NamedRow.of(SCHEMA)
        .set("trial_id", r.trialId())
        .set("params", r.params())
        .set("status", r.status().name())
        .set("metric", s == null ? null : s.metric())
        .set("val_score", s == null ? null : s.val())
        .set("val_accuracy", s == null ? null : s.valAccuracy())
        .set("test_score", s == null ? null : s.test())
        .set("test_accuracy", s == null ? null : s.testAccuracy())
        .set("test_macro_f1", s == null ? null : s.testMacroF1())
        .set("best_epoch", r.bestEpoch())
        .set("epochs", r.epochs())
        .set("resumed_from", r.resumedFrom())
        .set("val_curve", r.curve())
        .set("train_seconds", r.trainSeconds())
        .set("seed", r.seed())
        .set("data_fingerprint", fingerprint)
        .set("executor_id", r.placement().executorId())
        .set("device", r.placement().device())
        .set("task_cpus", r.placement().cpus())
        .set("task_gpus", r.placement().gpus())
        .set("start_time", Timestamp.from(r.startTime()))
        .set("end_time", Timestamp.from(r.endTime()))
        .set("error", r.error())
        .set("sequence", r.sequence())
        .set("dispatch_seconds", r.dispatchSeconds())
        .set("slots", slots)
        .set("reevaluates", r.reevaluates() < 0 ? null : r.reevaluates())
        .set("epoch_log", EpochTable.log(r.epochLog()))
        .set("batching", r.placement().batching())
        .build();
  }
}
