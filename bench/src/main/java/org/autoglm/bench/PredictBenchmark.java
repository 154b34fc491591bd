package org.autoglm.bench;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.Predictor;
import org.autoglm.study.OutputLayout;

/**
 * {@code predict}'s scoring alone, as {@code bin/autoglm predict} runs it: a saved model over a
 * study's clean graph on a Spark master, every column of every scored row materialised (Spark's
 * {@code noop} sink), the session already up. Prints a TSV row per repeat: {@code master, model,
 * nodes, seconds}.
 *
 * <p>Usage: {@code PredictBenchmark <master> <output.path> <study> <model-dir> <repeats>}.
 */
public final class PredictBenchmark {
  private PredictBenchmark() {}

  public static void main(String[] args) {
    String master = args[0];
    OutputLayout layout = new OutputLayout(args[1]);
    String study = args[2];
    int repeats = Integer.parseInt(args[4]);
    SparkSession spark = BenchSpark.start("predict benchmark", master, "8");
    ModelBundle model = ModelBundle.load(spark.sparkContext().hadoopConfiguration(), args[3]);
    Dataset<Row> nodes = spark.read().parquet(layout.graph(study, "clean", "nodes"));
    Dataset<Row> edges = spark.read().parquet(layout.graph(study, "clean", "edges"));
    long count = nodes.count();
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      Predictor.predict(spark, model, nodes, edges, layout.root() + "/scratch")
          .write()
          .format("noop")
          .mode("overwrite")
          .save();
      System.out.printf(
          Locale.ROOT,
          "%s\t%s\t%d\t%.2f%n",
          master,
          model.settings().model().name().toLowerCase(Locale.ROOT),
          count,
          (System.nanoTime() - start) / 1e9);
    }
    spark.stop();
  }
}
