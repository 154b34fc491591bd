package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.autoglm.train.EpochRecord;

/**
 * The {@code trial_epochs} table: one row per epoch of every trial run, what TensorBoard's scalars
 * are to a training script. A promoted trial continues from its rung: each run is a segment,
 * numbered by {@code sequence} and starting after {@code resumed_from}.
 */
public final class EpochTable {
  /** trial_epochs columns before provenance. */
  public static final StructType SCHEMA =
      new StructType()
          .add("trial_id", IntegerType, false)
          .add("sequence", IntegerType, false)
          .add("resumed_from", IntegerType, false)
          .add("epoch", IntegerType, false)
          .add("train_loss", DoubleType, false)
          .add("val_loss", DoubleType, false)
          .add("val_score", DoubleType, false)
          .add("learning_rate", DoubleType, false)
          .add("gradient_norm", DoubleType, true)
          .add("seconds", DoubleType, false);

  private EpochTable() {}

  /** The rows of told runs' epochs, in telling order. */
  static List<Row> rows(List<TrialResult> told) {
    List<Row> rows = new ArrayList<>();
    for (TrialResult run : told) {
      for (EpochRecord e : run.epochLog()) {
        rows.add(
            NamedRow.of(SCHEMA)
                .set("trial_id", run.trialId())
                .set("sequence", run.sequence())
                .set("resumed_from", run.resumedFrom())
                .set("epoch", e.epoch())
                .set("train_loss", e.trainLoss())
                .set("val_loss", e.valLoss())
                .set("val_score", e.valScore())
                .set("learning_rate", e.learningRate())
                .set("gradient_norm", Double.isNaN(e.gradientNorm()) ? null : e.gradientNorm())
                .set("seconds", e.seconds())
                .build());
      }
    }
    return rows;
  }
}
