package org.autoglm.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Reads output tables by their known schema; a table nothing was written to yet is empty. */
public final class Tables {
  private Tables() {}

  public static Dataset<Row> read(SparkSession spark, String path, StructType schema) {
    if (!exists(spark, path)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).parquet(path);
  }

  /** Whether anything is at {@code path} on its filesystem. */
  public static boolean exists(SparkSession spark, String path) {
    Path location = new Path(path);
    try {
      return location.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check location " + path, e);
    }
  }

  /** Removes {@code path} and everything under it, if it exists. */
  public static void delete(SparkSession spark, String path) {
    Path location = new Path(path);
    try {
      location.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(location, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
