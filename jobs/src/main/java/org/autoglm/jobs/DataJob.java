package org.autoglm.jobs;

import java.io.PrintStream;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.ConsoleLines;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.GraphLease;
import org.autoglm.run.Provenance;
import org.autoglm.study.OutputLayout;

/**
 * {@code autoglm collect|clean|augment <experiment.yaml>}: one data stage on its own, as a nightly
 * pipeline schedules them. Each stage reads what the one before it wrote under output.path.
 */
final class DataJob {
  private DataJob() {}

  @SuppressWarnings("try") // the graph lease is held for the stage; nothing calls it
  static int main(CommandLine line, PrintStream out) {
    ExperimentConfig config = ExperimentFiles.config(line);
    SparkSession spark =
        SparkSessions.create(
            "autoglm " + line.command() + " " + config.study().name(), line.master());
    try {
      OutputLayout layout = new OutputLayout(config.output().path());
      Provenance provenance = Provenance.newRun(config, line.runDate());
      try (GraphLease lease =
          GraphLease.acquire(
              spark,
              layout,
              config.study().name(),
              provenance.runId(),
              Duration.ofSeconds(config.output().heartbeatSeconds()),
              out)) {
        switch (line.command()) {
          case "collect" -> {
            DataPipeline.CollectReport collected =
                DataPipeline.collect(spark, config, layout, provenance);
            ConsoleLines.collected(collected.batch(), config, out);
            ConsoleLines.quality(collected.quality(), out);
          }
          case "clean" ->
              ConsoleLines.quality(
                  DataPipeline.clean(spark, config, layout, provenance).quality(), out);
          default -> ConsoleLines.views(DataPipeline.augment(spark, config, layout), out);
        }
      }
      return 0;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
