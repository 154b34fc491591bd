package org.autoglm.run;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;

/** Labels Spark jobs so a run reads as its stages in the Spark UI. */
public final class SparkJobs {
  private SparkJobs() {}

  /**
   * Runs {@code work} with its Spark jobs grouped under {@code group} and described, and its log
   * lines (driver and executors) tagged with {@code group} as their stage.
   */
  public static <T> T labelled(
      SparkSession spark, String group, String description, Supplier<T> work) {
    SparkContext sc = spark.sparkContext();
    String outer = RunLog.currentStage(sc);
    sc.setJobGroup(group, description, false);
    RunLog.stage(sc, group);
    try {
      return work.get();
    } finally {
      sc.clearJobGroup();
      RunLog.stage(sc, outer);
    }
  }

  /**
   * Runs {@code task} as one executor task, labelled as {@link #labelled} does, and returns its one
   * result: for work that needs a whole graph on one executor (an ensemble's vote, a distillation).
   */
  public static <T> T inOneTask(
      SparkSession spark, String group, String description, FlatMapFunction<Integer, T> task) {
    return labelled(
        spark,
        group,
        description,
        () ->
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(0), 1)
                .flatMap(task)
                .collect()
                .get(0));
  }
}
