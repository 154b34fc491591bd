package org.autoglm.run;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/** Labels Spark jobs so a run reads as its stages in the Spark UI. */
public final class SparkJobs {
  private SparkJobs() {}

  /** Runs {@code work} with its Spark jobs grouped under {@code group} and described. */
  public static <T> T labelled(
      SparkSession spark, String group, String description, Supplier<T> work) {
    SparkContext sc = spark.sparkContext();
    sc.setJobGroup(group, description, false);
    try {
      return work.get();
    } finally {
      sc.clearJobGroup();
    }
  }
}
