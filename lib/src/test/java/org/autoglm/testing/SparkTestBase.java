package org.autoglm.testing;

import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.train.SystemBlas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local[2] SparkSession per test class: UI off, driver on loopback, two shuffle partitions,
 * Delta for the result tables.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = localSession("autoglm-test", "WARN");
  }

  /** The tests' local[2] session, for a test JVM or one a test starts. */
  public static SparkSession localSession(String appName, String logLevel) {
    SystemBlas.keepOutOfThisJvm();
    SparkSession session =
        SparkSession.builder()
            .master("local[2]")
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config(ResultTables.SESSION_SETTINGS)
            .config(ResultTables.LOCAL_SESSION_SETTINGS)
            .getOrCreate();
    session.sparkContext().setLogLevel(logLevel);
    return session;
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }
}
