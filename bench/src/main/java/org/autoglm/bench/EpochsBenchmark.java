package org.autoglm.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.study.TrialResult;

/**
 * What the {@code trial_epochs} table and the live report cost: the same study (same seed, so the
 * same trials) run with {@code output.trial_epochs} off, on, and on with the report rewritten every
 * 10 s while trials run (the defaults), taking turns, one trial at a time. Prints TSV rows {@code
 * epochs, off|on|live, round, trial_seconds, run_seconds}: the trials' own training time summed,
 * and the whole run's wall time (which includes the appends and the report).
 *
 * <p>Usage: {@code EpochsBenchmark <output-dir> <rounds>}
 */
public final class EpochsBenchmark {
  private static final String STUDY =
      """
      study: {name: epochs, seed: 7}
      data:
        source: synthetic
        synthetic: {nodes: 2000, classes: 5, features: 500}
      search:
        trials: 16
        parallelism: 1
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
          hidden: {type: int, low: 16, high: 64, log: true}
      train: {epochs: 200, patience: 200}
      """;

  private EpochsBenchmark() {}

  public static void main(String[] args) {
    Path output = Path.of(args[0]).toAbsolutePath();
    int rounds = Integer.parseInt(args[1]);
    SparkSession spark = BenchSpark.start("autoglm epochs benchmark", "local[2]", "2");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try {
      for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up
        List<String> modes = List.of("off", "on", "live");
        for (int m = 0; m < modes.size(); m++) {
          String mode = modes.get((m + round) % modes.size());
          ExperimentConfig config =
              ConfigLoader.load(
                  "dev",
                  new ConfigLoader.Layer("bench", STUDY),
                  List.of(
                      "output.path=" + output.resolve(mode),
                      "output.trial_epochs=" + !mode.equals("off"),
                      "output.report_seconds=" + (mode.equals("live") ? 10 : 0)));
          long start = System.nanoTime();
          RunAction.Result result =
              new RunAction(spark, config, LocalDate.of(2026, 12, 1).plusDays(round), quiet)
                  .execute();
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "epochs\t%s\t%d\t%.3f\t%.3f%n",
              mode,
              round,
              result.trials().stream().mapToDouble(TrialResult::trainSeconds).sum(),
              seconds);
          for (TrialResult trial : result.trials()) {
            System.out.printf(
                Locale.ROOT,
                "trial\t%s\t%d\t%d\t%.4f%n",
                mode,
                round,
                trial.trialId(),
                trial.trainSeconds());
          }
        }
      }
    } finally {
      spark.stop();
    }
  }
}
