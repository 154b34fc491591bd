package org.autoglm.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Provenance;
import org.autoglm.run.SnapshotWriter;
import org.autoglm.study.OutputLayout;
import org.autoglm.train.SnapshotFormat;

/**
 * The snapshot stage at scale on an embedded local[2] Spark: the product's synthetic graph is
 * collected and cleaned once, then packed into a snapshot by one task (one node part, one edge
 * part: how it was written before) and in parts (the default sizes), taking turns. Prints TSV rows
 * {@code mode, round, seconds, node_parts, edge_parts}.
 *
 * <p>Usage: {@code SnapshotBenchmark <output-dir> <nodes> <avg-degree> <words-per-node> <rounds>
 * [key=value ...]}: further settings (e.g. the split) override the benchmark's; rounds 0 writes the
 * parts once, untimed, to train on ({@code <output-dir>/parts}).
 */
public final class SnapshotBenchmark {
  private SnapshotBenchmark() {}

  public static void main(String[] args) {
    Path output = Path.of(args[0]).toAbsolutePath();
    int rounds = Integer.parseInt(args[4]);
    List<String> settings =
        new java.util.ArrayList<>(
            List.of(
                "data.synthetic.nodes=" + args[1],
                "data.synthetic.avg_degree=" + args[2],
                "data.synthetic.words_per_node=" + args[3],
                "data.synthetic.features=128",
                "data.synthetic.partitions=8",
                "output.path=" + output));
    settings.addAll(List.of(args).subList(5, args.length));
    ExperimentConfig config =
        ConfigLoader.load(
            "dev", new ConfigLoader.Layer("bench", "study: {name: snapshot, seed: 7}"), settings);
    SparkSession spark = BenchSpark.start("autoglm snapshot benchmark", "local[2]", "8");
    try {
      OutputLayout layout = new OutputLayout(config.output().path());
      DataPipeline.CleanReport clean =
          DataPipeline.run(
                  spark, config, layout, Provenance.newRun(config, LocalDate.of(2026, 12, 7)))
              .cleaned();
      if (rounds == 0) {
        SnapshotWriter.write(
            spark, clean.modelNodes(), clean.cleanEdges(), output.resolve("parts").toString());
      }
      for (int round = 0; rounds > 0 && round <= rounds; round++) { // round 0 warms the JVM up
        for (int m = 0; m < 2; m++) {
          boolean onePart = (m + round) % 2 == 0;
          long start = System.nanoTime();
          SnapshotFormat.Header header =
              SnapshotWriter.write(
                  spark,
                  spark.read().parquet(clean.modelNodes()),
                  spark.read().parquet(clean.cleanEdges()),
                  output.resolve(onePart ? "one" : "parts").toString(),
                  null,
                  onePart ? Long.MAX_VALUE : SnapshotWriter.NODES_PER_PART,
                  onePart ? Long.MAX_VALUE : SnapshotWriter.EDGES_PER_PART);
          if (round > 0) {
            System.out.printf(
                "%s\t%d\t%.1f\t%d\t%d%n",
                onePart ? "one_task" : "parts",
                round,
                (System.nanoTime() - start) / 1e9,
                header.nodeParts().size(),
                header.edgeParts().size());
          }
        }
      }
    } finally {
      spark.stop();
    }
  }
}
