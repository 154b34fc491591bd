package org.autoglm.jobs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.StudyReport;
import org.autoglm.results.Leaderboard;
import org.autoglm.results.Reports;
import org.autoglm.run.RunLedger;
import org.autoglm.study.OutputLayout;

/**
 * {@code autoglm report <experiment.yaml> [--run RUN_ID] [--out FILE]}: one self-contained HTML
 * page of a run (the study's latest by default), to open from disk.
 */
final class ReportJob {
  private ReportJob() {}

  static int main(CommandLine line, PrintStream out) {
    ExperimentConfig config = ExperimentFiles.config(line);
    String study = config.study().name();
    SparkSession spark = SparkSessions.create("autoglm report " + study, line.master());
    try {
      OutputLayout layout = new OutputLayout(config.output().path());
      RunLedger ledger =
          new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds()));
      List<RunLedger.Run> runs = ledger.runs(study);
      if (runs.isEmpty()) {
        throw new CommandLine.UsageException(
            "study '"
                + study
                + "' has no run under "
                + layout.root()
                + ": run it first (bin/autoglm run "
                + line.positional().get(0)
                + ")",
            false);
      }
      String runId = line.run() != null ? line.run() : runs.get(0).runId();
      Leaderboard.registerViews(spark, layout, ledger);
      StudyReport report;
      try {
        report = Reports.read(spark, ledger, study, runId, config.search());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.UsageException(e.getMessage() + " (--run)", false);
      }
      String target = line.out() != null ? line.out() : Reports.path(layout, study, runId);
      Reports.write(spark, ReportHtml.render(report, config.output().reportSeconds()), target);
      out.println(
          "[autoglm] report of run "
              + runId
              + " ("
              + report.run().status()
              + ", "
              + report.trials().size()
              + " trials): "
              + target);
      return 0;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
