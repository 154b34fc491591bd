package org.autoglm.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.GateRule;
import org.autoglm.results.Gate;
import org.autoglm.run.ModelPublisher;
import org.autoglm.study.ExitCodes;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.Phases;

/**
 * {@code autoglm nightly <experiment.yaml> [--run-date D]}: one night of a pipeline in one command.
 * Collect (incrementally, with {@code data.incremental}), clean, tune warm-started from the study's
 * earlier runs ({@code search.warm_start}, 3 unless set), gate the chosen model against the last
 * night's, and publish it to {@code models/<study>/current} only if it passed. A rerun of the same
 * date replaces that night.
 */
final class NightlyJob {
  static final int DEFAULT_WARM_START = 3;

  private NightlyJob() {}

  static int main(CommandLine line, PrintStream out, PrintStream err) {
    if (line.positional().size() != 1) {
      throw new CommandLine.UsageException(
          "nightly takes one experiment file, e.g. autoglm nightly conf/experiments/edges.yaml");
    }
    ConfigLoader.Layer experiment = ExperimentFiles.read(line.positional().get(0));
    ExperimentConfig config = ConfigLoader.load(line.env(), experiment, line.overrides());
    if (config.search().warmStart() == 0) {
      List<String> warm = new ArrayList<>(line.overrides());
      warm.add("search.warm_start=" + DEFAULT_WARM_START);
      config = ConfigLoader.load(line.env(), experiment, warm);
    }
    long sessionStart = System.nanoTime();
    SparkSession spark =
        SparkSessions.create("autoglm nightly " + config.study().name(), line.master());
    List<Phases.Phase> started = RunJob.started(sessionStart);
    SparkSessions.warnIfTrainingHereWithoutNativeEnvironment(spark);
    try {
      RunAction.Result result = new RunAction(spark, config, line.runDate(), out).execute();
      RunJob.print(result, started, out);
      if (result.summary().<Long>getAs("complete") == 0) {
        err.println("autoglm: no trial completed: nothing to gate or publish");
        return ExitCodes.NO_TRIAL_COMPLETED;
      }
      OutputLayout layout = result.layout();
      GateRule.Verdict verdict = Gate.judge(spark, config, result.provenance().runId());
      if (verdict.regressed()) {
        err.println("autoglm: gate: " + verdict.message() + "; the model is not published");
        return ExitCodes.GATE;
      }
      out.println("[autoglm] gate: " + verdict.message());
      String published =
          ModelPublisher.publish(spark, layout, result.provenance(), result.bestModel());
      out.println("[autoglm] published the chosen model to " + published);
      return ExitCodes.OK;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
