package org.autoglm.jobs;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ReportHtml;
import org.autoglm.results.Reports;
import org.autoglm.run.Baseline;
import org.autoglm.run.Distillation;
import org.autoglm.run.Ensemble;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.TrialResources;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.ExitCodes;
import org.autoglm.study.Phases;
import org.autoglm.study.TrialResult;

/** {@code autoglm run <experiment.yaml>}: the end-to-end study, then its leaderboard. */
final class RunJob {
  private RunJob() {}

  static int main(CommandLine line, PrintStream out, PrintStream err) {
    ExperimentConfig config = ExperimentFiles.config(line);
    long sessionStart = System.nanoTime();
    SparkSession spark =
        SparkSessions.create(
            "autoglm run " + config.study().name(),
            line.master(),
            TrialResources.sessionSettings(config.resources(), System::getProperty));
    SparkSessions.warnIfTrainingHereWithoutNativeEnvironment(spark);
    List<Phases.Phase> started = started(sessionStart);
    try {
      RunAction action = new RunAction(spark, config, line.runDate(), out);
      if (line.resume() != null) {
        action.resuming(line.resume());
      }
      RunAction.Result result = action.execute();
      print(result, started, out);
      if (result.summary().<Long>getAs("complete") == 0) {
        err.println(
            "autoglm: no trial completed: every trial failed (their errors are in the trials"
                + " table's error column)");
        return ExitCodes.NO_TRIAL_COMPLETED;
      }
      return ExitCodes.OK;
    } finally {
      SparkSessions.release(spark);
    }
  }

  /**
   * The phases before the run: the JVM's start (to the session's creation) and the session's, which
   * began at {@code sessionStart} (nanoTime) and has just ended.
   */
  static List<Phases.Phase> started(long sessionStart) {
    double session = (System.nanoTime() - sessionStart) / 1e9;
    double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - session;
    return List.of(
        new Phases.Phase("JVM start", Math.max(0, jvm)),
        new Phases.Phase("Spark session", session));
  }

  /** The leaderboard, the outputs, and where the time went (after the {@code started} phases). */
  static void print(RunAction.Result result, List<Phases.Phase> started, PrintStream out) {
    Row s = result.summary();
    out.println();
    out.printf(
        "Leaderboard: study %s, run %s (%d trials: %d complete, %d pruned, %d failed)%n",
        result.provenance().study(),
        result.provenance().runId(),
        s.<Long>getAs("trials"),
        s.<Long>getAs("complete"),
        s.<Long>getAs("pruned"),
        s.<Long>getAs("failed"));
    String metric =
        result.top().stream()
            .map(r -> r.<String>getAs("metric"))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse("accuracy");
    // The objective's columns; test accuracy beside them when the objective is another metric.
    boolean withAccuracy = !metric.equals("accuracy");
    String valColumn = "val_" + metric;
    String testColumn = "test_" + metric;
    String row =
        "%5s  %-8s  %"
            + valColumn.length()
            + "s  %"
            + testColumn.length()
            + "s"
            + (withAccuracy ? "  %13s" : "%s")
            + "  %6s  %7s  %s%n";
    out.printf(
        row,
        "trial",
        "status",
        valColumn,
        testColumn,
        withAccuracy ? "test_accuracy" : "",
        "epochs",
        "seconds",
        "params");
    for (Row r : result.top()) {
      // A failed run's scores are from before it failed: not a result to rank.
      boolean failed = TrialState.FAILED.name().equals(r.<String>getAs("status"));
      out.printf(
          row,
          r.<Integer>getAs("trial_id"),
          r.<String>getAs("status"),
          failed ? "-" : percent(r.getAs("val_score")),
          failed ? "-" : percent(r.getAs("test_score")),
          withAccuracy ? (failed ? "-" : percent(r.getAs("test_accuracy"))) : "",
          r.<Integer>getAs("epochs"),
          String.format("%.1f", r.<Double>getAs("train_seconds")),
          ReportHtml.readable(r.getJavaMap(r.fieldIndex("params"))));
      String error = r.getAs("error");
      if (error != null) {
        out.println(
            "       error: " + (error.length() > 160 ? error.substring(0, 160) + " ..." : error));
      }
    }
    if (result.baseline() != null) {
      Baseline.Result b = result.baseline();
      out.printf(
          row,
          "-",
          "BASELINE",
          percent(b.val()),
          percent(b.test()),
          withAccuracy ? percent(b.test()) : "",
          "-",
          String.format("%.1f", b.seconds()),
          "logistic regression on node features, no graph (MLlib, accuracy, reg "
              + b.regParam()
              + ")");
    }
    if (result.seeds() != null) {
      printEnsemble(
          out,
          row,
          withAccuracy,
          "SEEDS",
          result.seeds(),
          "soft vote of trial "
              + result.chosenTrial()
              + "'s runs "
              + result.seeds().runs()
              + " (its configuration, "
              + result.seeds().runs().size()
              + " seeds)");
    }
    if (result.ensemble() != null) {
      printEnsemble(
          out,
          row,
          withAccuracy,
          "ENSEMBLE",
          result.ensemble(),
          "soft vote of trial runs "
              + result.ensemble().runs()
              + " ("
              + result.ensemble().configurations()
              + " configurations)");
    }
    if (result.distilled() != null) {
      Distillation d = result.distilled();
      out.printf(
          row,
          "-",
          "DISTILLED",
          percent(d.scores().valScore()),
          percent(d.scores().testScore()),
          withAccuracy ? percent(d.scores().testAccuracy()) : "",
          d.epochs(),
          String.format("%.1f", d.trainSeconds()),
          String.format(
              "%s student of trial runs %s, needs no graph; scores 1M nodes in %.1f s (the"
                  + " teacher: %.1f s)",
              d.student().model().name().toLowerCase(java.util.Locale.ROOT),
              d.teacherRuns(),
              d.studentSecondsPerMillion(),
              d.teacherSecondsPerMillion()));
    }
    if (!result.reevaluated().isEmpty()) {
      out.println();
      out.println(
          "Re-evaluated: the best configurations trained again with more seeds; the study"
              + " chooses by the mean");
      String again = "%5s  %4s  %-" + (valColumn.length() + 10) + "s  %-22s  %s%n";
      out.printf(again, "trial", "runs", valColumn + " mean+/-sd", "test_accuracy mean+/-sd", "");
      for (Row r : result.reevaluated()) {
        int trial = r.<Integer>getAs("trial_id");
        out.printf(
            again,
            trial,
            r.<Long>getAs("runs"),
            meanAndSpread(r.getAs("mean_val"), r.getAs("std_val")),
            meanAndSpread(r.getAs("mean_test"), r.getAs("std_test")),
            trial == result.chosenTrial() ? "<- chosen" : "");
      }
    }
    // Seeds of one configuration (a paper's settings): their spread is the result. Over a search's
    // different configurations a mean and spread say nothing, so they are not printed.
    if (s.getAs("mean_test") != null && s.<Long>getAs("configurations") == 1) {
      Double std = s.getAs("std_test");
      out.printf(
          "test accuracy over complete trials: mean %s, std %s%n",
          percent(s.getAs("mean_test")), std == null ? "-" : String.format("%.2f", 100 * std));
    }
    out.println();
    out.println("Outputs under " + result.layout().root() + ":");
    List<String> tables = new ArrayList<>(List.of("runs", "trials"));
    if (result.baseline() != null) {
      tables.add("baselines");
    }
    if (result.seeds() != null || result.ensemble() != null) {
      tables.add("ensembles");
    }
    if (result.distilled() != null) {
      tables.add("distilled");
    }
    tables.addAll(List.of("trial_epochs", "data_quality", "quarantine"));
    for (String table : tables) {
      out.println("  " + table + "/  (Delta Lake on Parquet, partitioned by study and run_date)");
    }
    out.println("  graphs/" + result.provenance().study() + "/{raw,clean,snapshot}");
    out.println(
        "Report: "
            + Reports.path(
                result.layout(), result.provenance().study(), result.provenance().runId()));
    if (result.bestModel() != null) {
      out.println(
          "Best model ("
              + (result.ensemble() != null && result.ensemble().chosen()
                  ? "the ensemble"
                  : result.seeds() != null
                      ? "trial "
                          + result.chosenTrial()
                          + "'s "
                          + result.seeds().runs().size()
                          + " seeds soft-voted"
                      : "trial " + result.chosenTrial())
              + ", the study's pick"
              + chosenScores(result)
              + ", saved to predict with): "
              + result.bestModel());
    }
    if (result.distilled() != null) {
      out.println(
          "Distilled student (needs no graph: predict --model it, row by row): "
              + result.bestModel()
              + "/"
              + ModelBundle.STUDENT);
    }
    out.println(
        "Query them: bin/autoglm sql \"SELECT * FROM trials WHERE run_id = '"
            + result.provenance().runId()
            + "' ORDER BY val_score DESC\" --output "
            + result.layout().root());
    List<Phases.Phase> phases = new ArrayList<>(started);
    phases.addAll(result.phases());
    out.println("Where the time went: " + Phases.line(phases, RunAction.TRIALS_PHASE));
  }

  private static void printEnsemble(
      PrintStream out,
      String row,
      boolean withAccuracy,
      String label,
      Ensemble e,
      String description) {
    out.printf(
        row,
        "-",
        label,
        percent(e.scores().valScore()),
        percent(e.scores().testScore()),
        withAccuracy ? percent(e.scores().testAccuracy()) : "",
        "-",
        String.format("%.1f", e.seconds()),
        description + (e.chosen() ? " <- the study's model" : ""));
  }

  /** The saved model's own validation and test scores: an ensemble's, or the chosen run's. */
  private static String chosenScores(RunAction.Result result) {
    for (Ensemble e : Arrays.asList(result.ensemble(), result.seeds())) {
      if (e != null && e.chosen()) {
        return scores(e.scores().valScore(), e.scores().testScore());
      }
    }
    return TrialResult.lastComplete(result.trials(), result.chosenTrial())
        .map(t -> scores(t.scores().val(), t.scores().test()))
        .orElse("");
  }

  private static String scores(double val, double test) {
    return ", val " + percent(val) + ", test " + percent(test);
  }

  private static String percent(Double value) {
    return value == null || value.isNaN() ? "-" : String.format("%.2f%%", 100 * value);
  }

  private static String meanAndSpread(Double mean, Double std) {
    return percent(mean) + " +/- " + (std == null ? "-" : String.format("%.2f", 100 * std));
  }
}
