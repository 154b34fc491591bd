package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.study.CodeVersion;

/**
 * What every output row says about where it came from.
 *
 * @param runId unique per invocation, so reruns on one date stay apart
 * @param runDate the partition date (the nightly run's date)
 */
public record Provenance(
    String study, String runId, LocalDate runDate, String configHash, String codeVersion)
    implements Serializable {

  /** A new run of {@code config}'s study on {@code runDate}, with a fresh run id. */
  public static Provenance newRun(org.autoglm.config.ExperimentConfig config, LocalDate runDate) {
    return resumed(
        config, runDate + "-" + java.util.UUID.randomUUID().toString().substring(0, 8), runDate);
  }

  /**
   * Run {@code runId} of {@code runDate}, as this code writes it: a resumed run's new rows join its
   * own, stamped with the code that wrote them.
   */
  public static Provenance resumed(
      org.autoglm.config.ExperimentConfig config, String runId, LocalDate runDate) {
    return new Provenance(
        config.study().name(), runId, runDate, config.hash(), CodeVersion.current());
  }

  /** {@code base} followed by the provenance columns {@link #stamp} adds. */
  public static StructType schemaOf(StructType base) {
    return base.add("run_id", DataTypes.StringType, false)
        .add("config_hash", DataTypes.StringType, false)
        .add("code_version", DataTypes.StringType, false)
        .add("study", DataTypes.StringType, false)
        .add("run_date", DataTypes.DateType, false);
  }

  /**
   * Selects this run's rows of a table {@link #stamp} stamped: its study and run-date partition (so
   * a reader skips every other night's files), then its run id.
   */
  public Column rowsOfThisRun() {
    return col("study")
        .equalTo(study)
        .and(col("run_date").equalTo(lit(java.sql.Date.valueOf(runDate))))
        .and(col("run_id").equalTo(runId));
  }

  /** {@code rows} with the provenance columns appended; study and run_date partition tables. */
  public Dataset<Row> stamp(Dataset<Row> rows) {
    return rows.withColumn("run_id", lit(runId))
        .withColumn("config_hash", lit(configHash))
        .withColumn("code_version", lit(codeVersion))
        .withColumn("study", lit(study))
        .withColumn("run_date", lit(java.sql.Date.valueOf(runDate)));
  }
}
