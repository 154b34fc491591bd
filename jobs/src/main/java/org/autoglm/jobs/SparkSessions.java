package org.autoglm.jobs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLog;
import org.autoglm.train.NativeEnvironment;
import org.autoglm.train.SystemBlas;

/**
 * Builds the job's one SparkSession, or borrows the JVM's running SparkContext: a job started from
 * a notebook, an application that embeds the commands, or a test, takes a new session on it (its
 * own SQL settings and temporary views) and leaves the context running for its owner.
 */
final class SparkSessions {
  private static final Set<SparkSession> BORROWED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

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
    return create(appName, master, settings, NativeEnvironment.VARIABLES);
  }

  /**
   * A session for a job that scores and does not train: its executors get {@link
   * NativeEnvironment#SCORING}, not the training environment.
   */
  static SparkSession createForScoring(String appName, String master) {
    return create(appName, master, Map.of(), NativeEnvironment.SCORING);
  }

  private static SparkSession create(
      String appName,
      String master,
      Map<String, String> settings,
      Map<String, String> nativeEnvironment) {
    SystemBlas.keepOutOfThisJvm();
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined() && !running.get().sparkContext().isStopped()) {
      return borrow(running.get(), master, settings);
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // Trials are journaled once in any case; a speculative copy would only train a trial twice.
    builder.config("spark.speculation", System.getProperty("spark.speculation", "false"));
    builder.config(ResultTables.SESSION_SETTINGS);
    // The result tables' plans are wider than Spark's default of 25 fields; printing one (in a
    // log line or an error) made Spark warn on the console that it truncated it.
    builder.config(
        "spark.sql.debug.maxToStringFields",
        System.getProperty("spark.sql.debug.maxToStringFields", "200"));
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
      // Executors train or score: they get SystemBlas's JVM options added to the ones given, and
      // the environment bin/native-env.sh gives a local run (a value given to spark-submit wins).
      builder.config(
          "spark.executor.extraJavaOptions",
          SystemBlas.addedTo(System.getProperty("spark.executor.extraJavaOptions", "")));
      NativeEnvironment.asExecutorEnv(nativeEnvironment)
          .forEach(
              (key, value) -> {
                if (System.getProperty(key) == null) {
                  builder.config(key, value.toString());
                }
              });
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(System.getProperty("autoglm.logLevel", "WARN"));
    return spark;
  }

  /** Ends the job's session: stops the context if the job started it, else leaves it running. */
  static void release(SparkSession spark) {
    if (!BORROWED.remove(spark)) {
      spark.stop();
    }
  }

  private static SparkSession borrow(
      SparkSession running, String master, Map<String, String> settings) {
    String actual = running.sparkContext().master();
    if (master != null && !master.equals(actual)) {
      RunLog.LOG.warn(
          "--master {} ignored: this JVM already runs a SparkContext on {}, and the job uses it",
          master,
          actual);
    }
    SparkSession session = running.newSession();
    settings.forEach((key, value) -> session.conf().set(key, value));
    BORROWED.add(session);
    return session;
  }

  /**
   * For the jobs that train: in local mode this JVM trains, and it needs the environment that
   * bin/autoglm gives it and a bare spark-submit does not.
   */
  static void warnIfTrainingHereWithoutNativeEnvironment(SparkSession spark) {
    List<String> missing = NativeEnvironment.missingFrom(System.getenv());
    if (spark.sparkContext().isLocal() && !missing.isEmpty()) {
      RunLog.LOG.warn(
          "this JVM trains but started without {}: wide models may train up to 3x slower;"
              + " run through bin/autoglm, or export the values bin/native-env.sh gives",
          String.join(", ", missing));
    }
  }
}
