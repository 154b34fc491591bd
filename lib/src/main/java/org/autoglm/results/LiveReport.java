package org.autoglm.results;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.run.OutputLayout;
import org.autoglm.run.RunLedger;
import org.autoglm.run.RunLog;

/**
 * A run's report, rewritten while its trials finish (at most every {@code refreshSeconds}; the page
 * reloads itself as often) and once more when the run ends. A report that cannot be written costs a
 * warning, never the run.
 */
public final class LiveReport {
  private final SparkSession spark;
  private final OutputLayout layout;
  private final RunLedger ledger;
  private final String study;
  private final String runId;
  private final ExperimentConfig.SearchConfig search;
  private final int refreshSeconds;
  private final PrintStream console;
  private long lastWrite;
  private boolean warned;

  public LiveReport(
      SparkSession spark,
      OutputLayout layout,
      RunLedger ledger,
      String study,
      String runId,
      ExperimentConfig.SearchConfig search,
      int refreshSeconds,
      PrintStream console) {
    this.spark = spark;
    this.layout = layout;
    this.ledger = ledger;
    this.study = study;
    this.runId = runId;
    this.search = search;
    this.refreshSeconds = refreshSeconds;
    this.console = console;
  }

  public String path() {
    return Reports.path(layout, study, runId);
  }

  /** Rewrites the page if the last write is at least {@code refreshSeconds} old. */
  public synchronized void refresh() {
    if (refreshSeconds > 0 && System.nanoTime() - lastWrite >= refreshSeconds * 1_000_000_000L) {
      write();
    }
  }

  /** Writes the page as the run ended. */
  public synchronized void finish() {
    write();
  }

  private void write() {
    try {
      Leaderboard.registerViews(spark, layout, ledger);
      StudyReport report = Reports.read(spark, ledger, study, runId, search);
      Reports.write(spark, ReportHtml.render(report, refreshSeconds), path());
      RunLog.LOG.info(
          "report of run {} ({} trials) written to {}", runId, report.trials().size(), path());
    } catch (RuntimeException e) {
      if (!warned) {
        console.println("[autoglm] warning: cannot write the report " + path() + ": " + e);
        warned = true;
      }
    } finally {
      lastWrite = System.nanoTime();
    }
  }
}
