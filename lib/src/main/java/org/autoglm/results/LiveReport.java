package org.autoglm.results;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * its data books, the study's other runs): a refresh costs no query. The live pages are written by
 * a thread of their own, so neither the first page's reads nor a rewrite holds up a trial. A report
 * that cannot be written costs a warning, never the run.
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
  private ExecutorService writer;
  private boolean writePending;
  private StudyReport frame; // the writer's alone
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
   * Starts the first page as tuning starts: its frame is read from the tables beside the first
   * trials, and a user who opens the printed path finds a page once it is written.
   */
  public synchronized void start() {
    if (refreshSeconds > 0) {
      // Created from the driver's thread, the writer inherits its Spark job properties.
      writer =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "autoglm-report-" + runId);
                thread.setDaemon(true);
                return thread;
              });
      submitWrite();
    }
  }

  /**
   * Takes runs just journaled; has the page rewritten if the last write is at least {@code
   * refreshSeconds} old and none is waiting.
   */
  public synchronized void told(List<TrialResult> runs) {
    told.addAll(runs);
    if (writer != null && System.nanoTime() - lastWrite >= refreshSeconds * 1_000_000_000L) {
      submitWrite();
    }
  }

  private void submitWrite() {
    if (!writePending) {
      writePending = true;
      writer.execute(() -> write(this::livePage));
    }
  }

  /** The runs told so far on the frame, read from the tables the first time. */
  private StudyReport livePage() {
    if (frame == null) {
      frame = fromTables();
    }
    List<TrialResult> runs;
    synchronized (this) {
      writePending = false;
      runs = List.copyOf(told);
    }
    return Reports.live(frame, runs);
  }

  /**
   * Writes the page as the run ended ({@code ended}, its final row), from the tables, once a live
   * page being written is done.
   */
  public void finish(RunLedger.Run ended) {
    ExecutorService live;
    synchronized (this) {
      live = writer;
      writer = null;
    }
    if (live != null) {
      live.shutdown();
      try {
        live.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        live.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
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
      synchronized (this) {
        if (!warned) {
          console.println("[autoglm] warning: cannot write the report " + path() + ": " + e);
          warned = true;
        }
      }
    } finally {
      synchronized (this) {
        lastWrite = System.nanoTime();
      }
    }
  }
}
