package org.autoglm.testing;

import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.RunAction;

/**
 * A run in a JVM of its own, for tests that kill it: {@code ChildRun <output> <run-date> <yaml>}.
 */
public final class ChildRun {
  private ChildRun() {}

  public static void main(String[] args) {
    SparkSession spark = SparkTestBase.localSession("autoglm-child-run", "ERROR");
    new RunAction(
            spark,
            TestConfigs.load(Path.of(args[0]), args[2]),
            LocalDate.parse(args[1]),
            System.out)
        .execute();
    spark.stop();
  }
}
