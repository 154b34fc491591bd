package org.autoglm.testing;

import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunAction;

/**
 * A run in a JVM of its own, for tests that kill it: {@code ChildRun <output> <run-date> <yaml>}.
 */
public final class ChildRun {
  private ChildRun() {}

  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("autoglm-child-run")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config(ResultTables.SESSION_SETTINGS)
            .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    new RunAction(
            spark,
            TestConfigs.load(Path.of(args[0]), args[2]),
            LocalDate.parse(args[1]),
            System.out)
        .execute();
    spark.stop();
  }
}
