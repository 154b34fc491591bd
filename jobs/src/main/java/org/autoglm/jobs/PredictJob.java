package org.autoglm.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.PredictAction;
import org.autoglm.config.ExperimentConfig;

/**
 * {@code autoglm predict <experiment.yaml> [--model DIR]}: the study's clean graph scored by a
 * saved model into the {@code predictions} table.
 */
final class PredictJob {
  private PredictJob() {}

  static int main(CommandLine line, PrintStream out) {
    ExperimentConfig config = ExperimentFiles.config(line);
    SparkSession spark =
        SparkSessions.createForScoring("autoglm predict " + config.study().name(), line.master());
    try {
      PredictAction.Result result =
          PredictAction.execute(spark, config, line.runDate(), line.model(), out);
      for (Row count : result.byClass()) {
        out.printf("  %-24s %,d%n", count.getString(0), count.getLong(1));
      }
      out.println(
          "Query them: bin/autoglm sql \"SELECT node_key, prediction, probabilities FROM"
              + " predictions WHERE run_id = '"
              + result.provenance().runId()
              + "'\" --output "
              + config.output().path());
      return 0;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
