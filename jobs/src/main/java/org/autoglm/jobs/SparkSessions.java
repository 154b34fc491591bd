package org.autoglm.jobs;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.train.SystemBlas;

/** Builds the job's one SparkSession. */
final class SparkSessions {
  /**
   * Native settings for executors, which train: the values {@code bin/native-env.sh} gives a local
   * run, where it explains them (one OpenBLAS thread, glibc malloc thresholds). A setting given to
   * spark-submit wins. Executors also get {@link SystemBlas#JAVA_ONLY} as JVM options, added to the
   * ones given.
   */
  private static final Map<String, String> EXECUTOR_ENV =
      Map.of(
          "spark.executorEnv.OPENBLAS_NUM_THREADS", "1",
          "spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "67108864",
          "spark.executorEnv.MALLOC_TRIM_THRESHOLD_", "536870912");

  private SparkSessions() {}

  /**
   * The master is {@code --master} if given, else what spark-submit set, else {@code local[*]}: the
   * same jar runs on a laptop and on a cluster.
   */
  static SparkSession create(String appName, String master) {
    return create(appName, master, Map.of());
  }

  /**
   * The same, with {@code settings} the job needs (for example the trials' GPU share) where
   * spark-submit did not set them.
   */
  static SparkSession create(String appName, String master, Map<String, String> settings) {
    SystemBlas.keepOutOfThisJvm();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // Trials are journaled once in any case; a speculative copy would only train a trial twice.
    builder.config("spark.speculation", System.getProperty("spark.speculation", "false"));
    builder.config(ResultTables.SESSION_SETTINGS);
    settings.forEach(builder::config);
    String effective = master != null ? master : System.getProperty("spark.master", "local[*]");
    builder.master(effective);
    if (effective.startsWith("local")) {
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config(ResultTables.LOCAL_SESSION_SETTINGS);
    } else {
      builder.config(
          "spark.executor.extraJavaOptions",
          SystemBlas.addedTo(System.getProperty("spark.executor.extraJavaOptions", "")));
      EXECUTOR_ENV.forEach(
          (key, value) -> {
            if (System.getProperty(key) == null) {
              builder.config(key, value);
            }
          });
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("autoglm.logLevel", "WARN"));
    return spark;
  }
}
