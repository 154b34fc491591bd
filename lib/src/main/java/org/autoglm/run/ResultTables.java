package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The shared result tables ({@code trials}, {@code data_quality}, {@code quarantine}, {@code runs})
 * as Delta Lake tables: Parquet files plus a transaction log, so runs writing one table at once
 * never lose or double a row (appends commit atomically and never conflict), a rerun replaces its
 * date's rows in one commit, and compaction is a commit too. Partitioned by study and run date. A
 * table an earlier version wrote as plain Parquet is converted in place on first use.
 */
public final class ResultTables {
  /** Session settings Delta needs: its SQL extension and catalog. */
  public static final Map<String, Object> SESSION_SETTINGS =
      Map.of(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");

  /**
   * Added to a session on one machine: Delta rebuilds a table's state from its log in 50 tasks by
   * default, sized for a cluster. The result tables' logs are small, and on a laptop's cores those
   * 50 tasks made every first read of a table cost 0.5-5 s; a study reads its tables dozens of
   * times.
   */
  public static final Map<String, Object> LOCAL_SESSION_SETTINGS =
      Map.of("spark.databricks.delta.snapshotPartitions", "2");

  static final String PARTITIONS = "study STRING, run_date DATE";
  private static final int MAX_COMMIT_ATTEMPTS = 8;

  private ResultTables() {}

  /** Fails with the fix when the session was built without Delta's settings. */
  public static void requireDelta(SparkSession spark) {
    String extensions = spark.conf().get("spark.sql.extensions", "");
    if (!extensions.contains("DeltaSparkSessionExtension")) {
      throw new IllegalStateException(
          "the result tables are Delta Lake tables, and this Spark session was built without"
              + " Delta: set spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension and"
              + " spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog"
              + " (ResultTables.SESSION_SETTINGS)");
    }
  }

  /** The table at {@code path} with {@code schema}'s columns; empty when nothing was written. */
  public static Dataset<Row> read(SparkSession spark, String path, StructType schema) {
    convertIfParquet(spark, path);
    if (!committed(spark, path)) { // none yet, or its first commit is being written
      return spark.createDataFrame(List.of(), schema);
    }
    Dataset<Row> table = spark.read().format("delta").load(path);
    List<String> present = List.of(table.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      // Columns added since a row was written read as null.
      columns.add(
          present.contains(field.name())
              ? col(field.name())
              : lit(null).cast(field.dataType()).as(field.name()));
    }
    return table.select(columns.toArray(Column[]::new));
  }

  /**
   * Appends {@code rows} in one commit; a new column joins the table's schema. Appends never
   * conflict, but two writers creating a table race: the loser appends again.
   */
  public static void append(Dataset<Row> rows, String path) {
    convertIfParquet(rows.sparkSession(), path);
    committing(
        () ->
            rows.write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .partitionBy("study", "run_date")
                .save(path));
  }

  /**
   * Writes {@code rows} as the whole of what {@code provenance}'s run wrote to the table for {@code
   * scope} (column = value, e.g. {@code stage = clean}; none: the run's every row), in one commit:
   * the run's earlier rows there are replaced, never added to. So a stage redone by a resumed run
   * leaves its rows once, whenever the first attempt was killed.
   */
  public static void replaceRun(
      Dataset<Row> rows, String path, Provenance provenance, Map<String, String> scope) {
    convertIfParquet(rows.sparkSession(), path);
    StringBuilder where =
        new StringBuilder(partition(provenance.study(), provenance.runDate().toString()))
            .append(" AND run_id = ")
            .append(quoted(provenance.runId()));
    new java.util.TreeMap<>(scope)
        .forEach(
            (column, value) ->
                where.append(" AND ").append(column).append(" = ").append(quoted(value)));
    committing(
        () ->
            rows.write()
                .format("delta")
                .mode(committed(rows.sparkSession(), path) ? SaveMode.Overwrite : SaveMode.Append)
                .option("replaceWhere", where.toString())
                .option("mergeSchema", "true")
                .partitionBy("study", "run_date")
                .save(path));
  }

  /**
   * Writes {@code row} as the one row {@code provenance}'s run has in the table at {@code path}.
   */
  public static void replaceRun(
      SparkSession spark, Row row, StructType schema, String path, Provenance provenance) {
    replaceRun(
        provenance.stamp(spark.createDataFrame(List.of(row), schema)).coalesce(1),
        path,
        provenance,
        Map.of());
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Rewrites a partition's small files as a few large ones, in one commit. */
  public static void compact(SparkSession spark, String path, String study, String runDate) {
    if (committed(spark, path)) {
      committing(
          () ->
              DeltaTable.forPath(spark, path)
                  .optimize()
                  .where(partition(study, runDate))
                  .executeCompaction());
    }
  }

  /** Deletes the rows of {@code runIds} from a study's run-date partition, in one commit. */
  public static void deleteRuns(
      SparkSession spark, String path, String study, String runDate, Collection<String> runIds) {
    if (runIds.isEmpty() || !committed(spark, path)) {
      return;
    }
    String ids = runIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    committing(
        () ->
            DeltaTable.forPath(spark, path)
                .delete(partition(study, runDate) + " AND run_id IN (" + ids + ")"));
  }

  /**
   * Runs a Delta commit, again after a short random wait when another writer committed a
   * conflicting change first (two runs' MERGEs into one partition, a DELETE beside an append).
   */
  static void committing(Runnable commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        commit.run();
        return;
      } catch (DeltaConcurrentModificationException e) {
        if (attempt == MAX_COMMIT_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(50, 200L * attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static String partition(String study, String runDate) {
    return "study = " + quoted(study) + " AND run_date = DATE'" + runDate + "'";
  }

  /** Has the table at {@code path} a first commit? */
  static boolean committed(SparkSession spark, String path) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] commits = fs.globStatus(new Path(log, "*.json"));
      return commits != null && commits.length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the table log of " + path, e);
    }
  }

  /**
   * Converts a plain Parquet table (written before the tables were Delta, and so marked by Spark's
   * {@code _SUCCESS}) in place, once.
   */
  private static void convertIfParquet(SparkSession spark, String path) {
    try {
      Path location = new Path(path);
      FileSystem fs = location.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(new Path(location, "_SUCCESS"))
          && !fs.exists(new Path(location, "_delta_log"))) {
        requireDelta(spark);
        DeltaTable.convertToDelta(spark, "parquet.`" + path + "`", PARTITIONS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check table location " + path, e);
    }
  }
}
