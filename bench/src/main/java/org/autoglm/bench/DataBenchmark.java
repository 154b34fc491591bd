package org.autoglm.bench;

import static org.apache.spark.sql.functions.col;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Provenance;
import org.autoglm.study.OutputLayout;

/**
 * The data stages at scale on an embedded local[2] Spark: collect (generate the synthetic graph),
 * clean and augment, beside a baseline that does the bare minimum in plain Spark SQL on the same
 * raw Parquet (drop duplicate edges, anti-join dangling ones, write). Prints one TSV row per stage:
 * stage, seconds, edges in, edges per second; then the old generation's peak and the heap limit (in
 * local mode the driver and the executors share the heap, so -Xmx bounds both).
 *
 * <p>Usage: {@code DataBenchmark <output-dir> <nodes> <avg-degree> <views> <partitions>}
 */
public final class DataBenchmark {
  private DataBenchmark() {}

  public static void main(String[] args) {
    Path output = Path.of(args[0]).toAbsolutePath();
    String nodes = args[1];
    String degree = args[2];
    String views = args[3];
    String partitions = args[4];
    List<String> settings =
        List.of(
            "data.synthetic.nodes=" + nodes,
            "data.synthetic.avg_degree=" + degree,
            "data.synthetic.partitions=" + partitions,
            "augment.views=" + views,
            "output.path=" + output);
    ExperimentConfig config = load(settings);
    // The same study with the near-duplicate rule on, and with a feature pipeline.
    List<String> withLsh = new java.util.ArrayList<>(settings);
    withLsh.add("clean.near_duplicate_jaccard=0.9");
    List<String> withPipeline = new java.util.ArrayList<>(settings);
    withPipeline.add("features.pipeline=[tfidf, standardize, pca: " + PCA_K + "]");
    SparkSession spark = BenchSpark.start("autoglm data benchmark", "local[2]", partitions);
    try {
      OutputLayout layout = new OutputLayout(config.output().path());
      Provenance provenance = Provenance.newRun(config, LocalDate.of(2026, 11, 23));
      String study = config.study().name();
      double collect =
          timed("collect", () -> DataPipeline.collect(spark, config, layout, provenance));
      long edges = DataPipeline.readRaw(spark, layout.graph(study, "raw", "edges")).count();
      System.err.printf("[bench] %,d raw edges%n", edges);
      report("collect", collect, edges);
      report(
          "clean",
          timed("clean", () -> DataPipeline.clean(spark, config, layout, provenance)),
          edges);
      report("augment", timed("augment", () -> DataPipeline.augment(spark, config, layout)), edges);
      ExperimentConfig lsh = load(withLsh);
      report(
          "clean_near_duplicates",
          timed(
              "clean with near_duplicate",
              // a run of its own: its quarantine rows and books must not add to the first clean's
              () ->
                  DataPipeline.clean(
                      spark, lsh, layout, Provenance.newRun(lsh, LocalDate.of(2026, 11, 24)))),
          edges);
      ExperimentConfig pipeline = load(withPipeline);
      report(
          "features",
          timed(
              "features",
              () ->
                  DataPipeline.features(
                      spark, pipeline, layout, layout.graph(study, "clean", "nodes"))),
          edges);
      report("baseline", timed("baseline", () -> baseline(spark, layout, study)), edges);
      System.out.printf("peak_heap_mb\t%d\tmax_heap_mb\t%d%n", oldGenPeakMb(), maxHeapMb());
    } finally {
      spark.stop();
    }
  }

  /** Components of the benchmark's feature pipeline. */
  static final int PCA_K = 64;

  private static ExperimentConfig load(List<String> settings) {
    return ConfigLoader.load(
        "dev", new ConfigLoader.Layer("bench", "study: {name: scale, seed: 7}"), settings);
  }

  /** The bare minimum in plain Spark SQL over the same raw tables. */
  private static Object baseline(SparkSession spark, OutputLayout layout, String study) {
    Dataset<Row> nodes = DataPipeline.readRaw(spark, layout.graph(study, "raw", "nodes"));
    Dataset<Row> edges = DataPipeline.readRaw(spark, layout.graph(study, "raw", "edges"));
    Dataset<Row> ids = nodes.dropDuplicates("node_id");
    Dataset<Row> kept =
        edges
            .dropDuplicates("src", "dst")
            .join(ids.select(col("node_id").as("src")), "src", "left_semi")
            .join(ids.select(col("node_id").as("dst")), "dst", "left_semi");
    ids.write().mode(SaveMode.Overwrite).parquet(layout.graph(study, "baseline", "nodes"));
    kept.write().mode(SaveMode.Overwrite).parquet(layout.graph(study, "baseline", "edges"));
    return null;
  }

  private static double timed(String stage, Supplier<?> work) {
    System.err.println("[bench] " + stage);
    long started = System.nanoTime();
    work.get();
    return (System.nanoTime() - started) / 1e9;
  }

  private static void report(String stage, double seconds, long edges) {
    System.out.printf("%s\t%.1f\t%d\t%.0f%n", stage, seconds, edges, edges / seconds);
  }

  /** Peak of the old generation: what survived collections, i.e. what the JVM really held. */
  private static long oldGenPeakMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        peak = Math.max(peak, pool.getPeakUsage().getUsed());
      }
    }
    return peak >> 20;
  }

  private static long maxHeapMb() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }
}
