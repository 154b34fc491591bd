package org.autoglm.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.GateRule;
import org.autoglm.results.Gate;
import org.autoglm.study.ExitCodes;

/**
 * {@code autoglm gate <experiment.yaml> [--run RUN_ID]}: the regression gate for a nightly
 * pipeline. Exit 0 when the run's chosen model holds up (or has nothing to compare with), 5 when it
 * regressed; the verdict goes to the {@code gates} table either way.
 */
final class GateJob {
  private GateJob() {}

  static int main(CommandLine line, PrintStream out, PrintStream err) {
    ExperimentConfig config = ExperimentFiles.config(line);
    SparkSession spark =
        SparkSessions.create("autoglm gate " + config.study().name(), line.master());
    try {
      GateRule.Verdict verdict = Gate.judge(spark, config, line.run());
      if (verdict.regressed()) {
        err.println("autoglm: gate: " + verdict.message());
        return ExitCodes.GATE;
      }
      out.println("[autoglm] gate: " + verdict.message());
      return ExitCodes.OK;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
