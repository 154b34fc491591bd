package org.autoglm.results;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.StudyReport;
import org.autoglm.run.RunLedger;
import org.autoglm.run.RunLog;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.TrialResult;

/**
 * A run's report, rewritten while its trials finish (at most every {@code refreshSeconds}; the page
 * reloads itself as often) and once more, from the tables, when the run ends. While it trains the
 * page is built from the runs the driver has told, on a frame read from the tables once (the run,
 * its data books, the study's other runs): a refresh costs no query. A report that cannot be
 * written costs a warning, never the run.
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
  private final List<TrialResult> told = new ArrayList<>();
  private StudyReport frame;
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

  /**
   * Writes the first page as tuning starts, reading the frame from the tables now rather than
   * beside the first trials (and a user who opens the printed path finds a page).
   */
  public synchronized void start() {
    if (refreshSeconds > 0) {
      write(this::livePage);
    }
  }

  /**
   * Takes runs just journaled; rewrites the page if the last write is at least {@code
   * refreshSeconds} old.
   */
  public synchronized void told(List<TrialResult> runs) {
    told.addAll(runs);
    if (refreshSeconds > 0 && System.nanoTime() - lastWrite >= refreshSeconds * 1_000_000_000L) {
      write(this::livePage);
    }
  }

  /** The runs told so far on the frame, read from the tables the first time. */
  private StudyReport livePage() {
    if (frame == null) {
      frame = fromTables();
    }
    return Reports.live(frame, told);
  }

  /** Writes the page as the run ended ({@code ended}, its final row), from the tables. */
  public synchronized void finish(RunLedger.Run ended) {
    write(
        () -> {
          Leaderboard.registerViews(spark, layout, ledger);
          return Reports.read(spark, ledger, ended, search);
        });
  }

  private StudyReport fromTables() {
    Leaderboard.registerViews(spark, layout, ledger);
    return Reports.read(spark, ledger, study, runId, search);
  }

  private void write(Supplier<StudyReport> report) {
    try {
      StudyReport page = report.get();
      Reports.write(spark, ReportHtml.render(page, refreshSeconds), path());
      RunLog.LOG.info(
          "report of run {} ({} trials) written to {}", runId, page.trials().size(), path());
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
