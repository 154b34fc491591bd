package org.autoglm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.results.Gate;

/**
 * Warm start across nights on Cora's citations, split into two dated partitions (4 of 5 links the
 * first night, the rest the second): night 1 tunes cold; night 2 runs twice from night 1's outputs,
 * warm-started and cold, same seed. Prints TSV rows {@code night, mode, trial (in the order told),
 * val_score, best so far} and {@code night1_best, value}.
 *
 * <p>Usage: {@code NightlyBenchmark <cora-dir> <work-dir> <trials> <warm-start>}
 */
public final class NightlyBenchmark {
  private NightlyBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path cora = Path.of(args[0]);
    Path work = Path.of(args[1]).toAbsolutePath();
    String trials = args[2];
    String warm = args[3];
    Path source = work.resolve("source");
    writeDatedCora(cora, source);
    String yaml =
        """
        study: {name: cora-nightly, seed: 17}
        data:
          source: edges
          path: %s
          incremental: true
          nodes: {path: %s, id: id, label: label, features: features, split: split}
        search:
          sampler: tpe
          parallelism: 2
          space:
            lr: {type: float, low: 0.001, high: 0.1, log: true}
            hidden: {type: int, low: 8, high: 64, log: true}
            dropout: {type: float, low: 0.0, high: 0.8}
            weight_decay: {type: float, low: 1.0e-6, high: 1.0e-2, log: true}
        train: {epochs: 200, patience: 100}
        """
            .formatted(source.resolve("edges"), source.resolve("nodes.csv"));
    SparkSession spark = BenchSpark.start("autoglm nightly benchmark", "local[2]", "4");
    try {
      RunAction.Result night1 = night(spark, yaml, work.resolve("warm"), trials, "0", "2026-11-30");
      double best = night1.summary().<Double>getAs("best_val");
      System.out.printf(Locale.ROOT, "night1_best\t%.4f%n", best);
      copy(work.resolve("warm"), work.resolve("cold"));
      RunAction.Result warmNight =
          night(spark, yaml, work.resolve("warm"), trials, warm, "2026-12-01");
      report("warm", warmNight);
      System.out.println(
          "gate\t"
              + Gate.judge(
                      spark,
                      config(yaml, work.resolve("warm"), trials, warm),
                      warmNight.provenance().runId())
                  .message());
      report("cold", night(spark, yaml, work.resolve("cold"), trials, "0", "2026-12-01"));
    } finally {
      spark.stop();
    }
  }

  private static RunAction.Result night(
      SparkSession spark, String yaml, Path output, String trials, String warm, String date) {
    return new RunAction(
            spark, config(yaml, output, trials, warm), LocalDate.parse(date), System.err)
        .execute();
  }

  private static ExperimentConfig config(String yaml, Path output, String trials, String warm) {
    return ConfigLoader.load(
        "dev",
        new ConfigLoader.Layer("nightly-bench", yaml),
        List.of("search.trials=" + trials, "search.warm_start=" + warm, "output.path=" + output));
  }

  /** The night's trials in the order the study was told them, with the best so far. */
  private static void report(String mode, RunAction.Result night) {
    List<Row> told = new ArrayList<>();
    night.trials().stream()
        .sorted(java.util.Comparator.comparingInt(t -> t.sequence()))
        .filter(t -> t.hasValues())
        .forEach(
            t -> told.add(org.apache.spark.sql.RowFactory.create(t.trialId(), t.scores().val())));
    double best = Double.NEGATIVE_INFINITY;
    int order = 0;
    for (Row r : told) {
      best = Math.max(best, r.getDouble(1));
      System.out.printf(
          Locale.ROOT, "night2\t%s\t%d\t%.4f\t%.4f%n", mode, ++order, r.getDouble(1), best);
    }
  }

  /** Cora as a node table and an edge list in two dated partitions. */
  private static void writeDatedCora(Path cora, Path out) throws IOException {
    Map<String, String> split = new java.util.HashMap<>();
    for (String line : Files.readAllLines(cora.resolve("cora.split"))) {
      String[] f = line.split("\t");
      split.put(f[0], f[1]);
    }
    List<String> nodes = new ArrayList<>(List.of("id,label,features,split"));
    for (String line : Files.readAllLines(cora.resolve("cora.content"))) {
      String[] f = line.split("\t");
      StringBuilder features = new StringBuilder();
      for (int i = 1; i < f.length - 1; i++) {
        if (!f[i].equals("0")) {
          features.append(features.length() == 0 ? "" : " ").append(i - 1).append(":").append(f[i]);
        }
      }
      nodes.add(f[0] + "," + f[f.length - 1] + "," + features + "," + split.getOrDefault(f[0], ""));
    }
    Files.createDirectories(out);
    Files.write(out.resolve("nodes.csv"), nodes);
    List<String> first = new ArrayList<>(List.of("src,dst"));
    List<String> second = new ArrayList<>(List.of("src,dst"));
    List<String> cites = Files.readAllLines(cora.resolve("cora.cites"));
    for (int i = 0; i < cites.size(); i++) {
      String[] f = cites.get(i).split("\t");
      (i % 5 == 4 ? second : first).add(f[1] + "," + f[0]);
    }
    for (Map.Entry<String, List<String>> night :
        Map.of("2026-11-30", first, "2026-12-01", second).entrySet()) {
      Path folder = out.resolve("edges/date=" + night.getKey());
      Files.createDirectories(folder);
      Files.write(folder.resolve("part-0.csv"), night.getValue());
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          f -> {
            try {
              Path target = to.resolve(from.relativize(f).toString());
              if (Files.isDirectory(f)) {
                Files.createDirectories(target);
              } else {
                Files.copy(f, target);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
