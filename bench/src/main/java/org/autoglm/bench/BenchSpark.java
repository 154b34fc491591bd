package org.autoglm.bench;

import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.train.SystemBlas;

/** The embedded Spark the benchmarks run on, as {@code bin/autoglm} builds it. */
final class BenchSpark {
  private BenchSpark() {}

  static SparkSession start(String name, String master, String shufflePartitions) {
    SystemBlas.keepOutOfThisJvm();
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName(name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", shufflePartitions)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(ResultTables.SESSION_SETTINGS)
            .config(ResultTables.LOCAL_SESSION_SETTINGS)
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    return spark;
  }
}
