package org.autoglm.bench;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * How trials use a machine, on Cora. Prints TSV rows; {@code bench/dispatch.sh} makes the tables.
 *
 * <ul>
 *   <li>{@code throughput <cora-dir> <rounds>}: in one JVM, rounds of 4 GCN and 4 GAT trials (200
 *       epochs), one at a time with 2 threads (as trials ran before they could share a JVM) against
 *       two at once with 1 thread each; the two take turns round by round. Row: {@code throughput,
 *       mode, round, trials, seconds}.
 *   <li>{@code study <cora-dir> <output> <master> <dispatch> <trials> <parallelism> <yaml>
 *       [key=value...]}: one study through {@link RunAction}, as {@code autoglm run} runs it. Row:
 *       {@code study, dispatch, slots, trials, wall seconds from the first trial's start to the
 *       last one's end, busy task-seconds (every trial's start to end), summed dispatch seconds,
 *       best val score}.
 * </ul>
 */
public final class DispatchBenchmark {
  private DispatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "throughput" -> throughput(LinqsLocal.read(Path.of(args[1]), "cora"), parse(args[2]));
      case "study" -> study(args);
      default -> throw new IllegalArgumentException("throughput | study, got " + args[0]);
    }
  }

  private static void throughput(GraphSnapshot cora, int rounds) throws Exception {
    List<TrainSettings> warmUp = trials(1, 2);
    for (TrainSettings t : warmUp) {
      NodeClassificationTrainer.train(cora, t);
    }
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= rounds; round++) {
        List<TrainSettings> serial = trials(4, 2);
        long start = System.nanoTime();
        for (TrainSettings t : serial) {
          NodeClassificationTrainer.train(cora, t);
        }
        row("throughput", "one_at_a_time_2_threads", round, serial.size(), seconds(start));

        List<TrainSettings> paired = trials(4, 1);
        start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (TrainSettings t : paired) {
          running.add(two.submit(() -> NodeClassificationTrainer.train(cora, t)));
        }
        for (Future<?> f : running) {
          f.get();
        }
        row("throughput", "two_at_once_1_thread", round, paired.size(), seconds(start));
      }
    } finally {
      two.shutdownNow();
    }
  }

  /** {@code each} GCN and {@code each} GAT trials of the papers' sizes, interleaved. */
  private static List<TrainSettings> trials(int each, int threads) {
    List<TrainSettings> all = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      all.add(
          TrainBenchmark.settings(ModelKind.GCN, threads).toBuilder()
              .set(TrainSettings::seed, i)
              .build());
      all.add(
          TrainBenchmark.settings(ModelKind.GAT, threads).toBuilder()
              .set(TrainSettings::seed, i)
              .build());
    }
    return all;
  }

  private static void study(String[] args) {
    String cora = args[1];
    String output = args[2];
    String master = args[3];
    String dispatch = args[4];
    String trials = args[5];
    String parallelism = args[6];
    String yaml = args[7];
    List<String> overrides =
        new ArrayList<>(
            List.of(
                "data.source=linqs",
                "data.path=" + cora,
                "search.dispatch=" + dispatch,
                "search.trials=" + trials,
                "search.parallelism=" + parallelism,
                "output.path=" + output));
    overrides.addAll(List.of(args).subList(8, args.length));
    ExperimentConfig config =
        ConfigLoader.load("dev", new ConfigLoader.Layer("bench", yaml), overrides);
    SparkSession spark = BenchSpark.start("autoglm dispatch benchmark", master, "4");
    try {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      RunAction.Result result =
          new RunAction(
                  spark,
                  config,
                  LocalDate.of(2026, 12, 1),
                  new PrintStream(console, true, StandardCharsets.UTF_8))
              .execute();
      Row r =
          spark
              .read()
              .format("delta")
              .load(output + "/trials")
              .filter(col("run_id").equalTo(result.provenance().runId()))
              .selectExpr(
                  "max(slots)",
                  "count(*)",
                  "(max(unix_micros(end_time)) - min(unix_micros(start_time))) / 1e6",
                  "sum(unix_micros(end_time) - unix_micros(start_time)) / 1e6",
                  "sum(dispatch_seconds)",
                  "max(val_score)")
              .first();
      System.out.printf(
          Locale.ROOT,
          "study\t%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.5f%n",
          dispatch,
          r.getInt(0),
          r.getLong(1),
          r.getDouble(2),
          r.getDouble(3),
          r.getDouble(4),
          r.getDouble(5));
    } finally {
      spark.stop();
    }
  }

  private static void row(String what, String mode, int round, int trials, double seconds) {
    System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%.3f%n", what, mode, round, trials, seconds);
    System.out.flush();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static int parse(String text) {
    return Integer.parseInt(text);
  }
}
