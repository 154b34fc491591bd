package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.autoglm.study.TrialResult;
import org.autoglm.train.EpochRecord;

/**
 * The {@code trial_epochs} table: one row per epoch of every trial run, what TensorBoard's scalars
 * are to a training script. A promoted trial continues from its rung: each run is a segment,
 * numbered by {@code sequence} and starting after {@code resumed_from}.
 */
public final class EpochTable {
  /**
   * One epoch, as the {@code trials} journal carries it ({@code epoch_log}): a run's epochs are
   * durable with the run, and a resumed run restores those {@code trial_epochs} had not received.
   */
  static final StructType EPOCH =
      new StructType()
          .add("epoch", IntegerType, false)
          .add("train_loss", DoubleType, false)
          .add("val_loss", DoubleType, false)
          .add("val_score", DoubleType, false)
          .add("learning_rate", DoubleType, false)
          .add("gradient_norm", DoubleType, true)
          .add("batches", IntegerType, true) // null in rows written before it was recorded
          .add("seconds", DoubleType, false);

  private static final StructType RUN =
      new StructType()
          .add("trial_id", IntegerType, false)
          .add("sequence", IntegerType, false)
          .add("resumed_from", IntegerType, false);

  /** trial_epochs columns before provenance: the run, then the epoch. */
  public static final StructType SCHEMA =
      new StructType(
          Stream.concat(Arrays.stream(RUN.fields()), Arrays.stream(EPOCH.fields()))
              .toArray(StructField[]::new));

  private EpochTable() {}

  /** The rows of told runs' epochs, in telling order. */
  static List<Row> rows(List<TrialResult> told) {
    List<Row> rows = new ArrayList<>();
    for (TrialResult run : told) {
      Object[] key = {run.trialId(), run.sequence(), run.resumedFrom()};
      for (Row epoch : log(run.epochLog())) {
        Object[] values = Arrays.copyOf(key, SCHEMA.size());
        for (int i = 0; i < epoch.size(); i++) {
          values[key.length + i] = epoch.get(i);
        }
        rows.add(new GenericRowWithSchema(values, SCHEMA));
      }
    }
    return rows;
  }

  /** A run's epochs as {@code epoch_log} entries. */
  static List<Row> log(List<EpochRecord> epochs) {
    return epochs.stream()
        .map(
            e ->
                NamedRow.of(EPOCH)
                    .set("epoch", e.epoch())
                    .set("train_loss", e.trainLoss())
                    .set("val_loss", e.valLoss())
                    .set("val_score", e.valScore())
                    .set("learning_rate", e.learningRate())
                    .set("gradient_norm", Double.isNaN(e.gradientNorm()) ? null : e.gradientNorm())
                    .set("batches", e.batches())
                    .set("seconds", e.seconds())
                    .build())
        .toList();
  }

  /** An entry's batches: 1 for an entry journalled before batches were recorded (full-batch). */
  private static int batches(Row entry) {
    return entry.schema().getFieldIndex("batches").isEmpty()
            || entry.isNullAt(entry.fieldIndex("batches"))
        ? 1
        : entry.<Integer>getAs("batches");
  }

  /** {@code epoch_log} entries read back. */
  static List<EpochRecord> fromLog(List<Row> log) {
    return log.stream()
        .map(
            r ->
                new EpochRecord(
                    r.getAs("epoch"),
                    r.getAs("train_loss"),
                    r.getAs("val_loss"),
                    r.getAs("val_score"),
                    r.getAs("learning_rate"),
                    r.isNullAt(r.fieldIndex("gradient_norm"))
                        ? Double.NaN
                        : r.<Double>getAs("gradient_norm"),
                    batches(r),
                    r.getAs("seconds")))
        .toList();
  }
}
