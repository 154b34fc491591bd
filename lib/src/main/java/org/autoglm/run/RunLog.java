package org.autoglm.run;

import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The job's own log events, tagged with study, run, trial and stage: in the driver thread's MDC,
 * and as Spark local properties with the {@code mdc.} prefix, which Spark puts into the MDC of the
 * executor task threads that run the thread's jobs. So a JSON log line from an executor training a
 * trial names that trial ({@code conf/log4j2-json.properties}).
 */
public final class RunLog {
  public static final Logger LOG = LoggerFactory.getLogger("org.autoglm");

  /**
   * A run's start and end. The job prints a run's end itself (one {@code autoglm:} line), so the
   * console's log configuration mutes this logger; the structured log keeps it.
   */
  public static final Logger RUNS = LoggerFactory.getLogger("org.autoglm.runs");

  static final String STUDY = "mdc.study";
  static final String RUN = "mdc.run";
  static final String TRIAL = "mdc.trial";
  static final String STAGE = "mdc.stage";

  private RunLog() {}

  /** Tags this thread's lines and Spark jobs with the run. */
  public static void enterRun(SparkContext sc, String study, String runId) {
    tag(sc, STUDY, study);
    tag(sc, RUN, runId);
  }

  /** Tags this thread's lines and Spark jobs with {@code stage} (null: none). */
  static void stage(SparkContext sc, String stage) {
    tag(sc, STAGE, stage);
  }

  /** Tags this thread's lines and Spark jobs with a trial (-1: none). */
  static void trial(SparkContext sc, int trialId) {
    tag(sc, TRIAL, trialId < 0 ? null : String.valueOf(trialId));
  }

  /**
   * Puts this thread's Spark tags (which a thread inherits from the one that started it) into its
   * MDC (which it does not).
   */
  static void adoptSparkTags(SparkContext sc) {
    for (String key : new String[] {STUDY, RUN, TRIAL, STAGE}) {
      String value = sc.getLocalProperty(key);
      if (value != null) {
        MDC.put(key, value);
      }
    }
  }

  /** This thread's stage tag, to restore after a nested one. */
  static String currentStage(SparkContext sc) {
    return sc.getLocalProperty(STAGE);
  }

  private static void tag(SparkContext sc, String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
    sc.setLocalProperty(key, value);
  }
}
