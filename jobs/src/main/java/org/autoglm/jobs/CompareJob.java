package org.autoglm.jobs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.RunComparison;
import org.autoglm.results.Compare;
import org.autoglm.results.Leaderboard;
import org.autoglm.run.RunLedger;
import org.autoglm.study.OutputLayout;

/**
 * {@code autoglm compare <experiment.yaml> [--runs ID,ID | --studies A,B] [--reference ID] [--top
 * K]}: runs side by side, printed and appended to the {@code comparisons} table.
 */
final class CompareJob {
  static final int DEFAULT_RUNS = 10;

  private CompareJob() {}

  static int main(CommandLine line, PrintStream out) {
    ExperimentConfig config = ExperimentFiles.config(line);
    String study = config.study().name();
    SparkSession spark = SparkSessions.create("autoglm compare " + study, line.master());
    try {
      OutputLayout layout = new OutputLayout(config.output().path());
      RunLedger ledger =
          new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds()));
      Leaderboard.registerViews(spark, layout, ledger);
      List<RunComparison.Row> rows;
      try {
        List<Compare.RunRef> runs =
            Compare.choose(ledger, study, line.runs(), line.studies(), DEFAULT_RUNS);
        rows = Compare.run(spark, layout, runs, line.reference(), line.top());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.UsageException(e.getMessage(), false);
      }
      print(rows, line.top(), out);
      printWithoutTheGraph(
          Leaderboard.teacherStudentBaseline(
              spark, rows.stream().map(r -> r.study() + "/" + r.runId()).toList()),
          out);
      out.println(
          "Written to "
              + layout.table(OutputLayout.COMPARISONS)
              + " (query it: bin/autoglm sql \"SELECT * FROM comparisons\" --output "
              + layout.root()
              + ")");
      return 0;
    } finally {
      SparkSessions.release(spark);
    }
  }

  static void print(List<RunComparison.Row> rows, int top, PrintStream out) {
    String format = "%-14s %-24s %-17s %4s %10s %10s %8s %8s%n";
    out.printf(
        "Comparison (top_k = the best %d trials by validation; Z and p against the reference"
            + " run, marked *)%n",
        top);
    out.printf(format, "study", "run", "metric", "n", "mean", "spread", "Z", "p");
    for (RunComparison.Row r : rows) {
      out.printf(
          format,
          r.study(),
          r.runId() + (r.reference() ? " *" : ""),
          r.metric(),
          r.n(),
          number(r.mean()),
          number(r.spread()),
          number(r.z()),
          number(r.pValue()));
    }
  }

  /** The compared runs' distilled students beside their teachers and graph-free baselines. */
  static void printWithoutTheGraph(List<Row> rows, PrintStream out) {
    if (rows.isEmpty()) {
      return;
    }
    String format = "%-14s %-24s %10s %10s %10s %14s %14s%n";
    out.println();
    out.println(
        "Teacher, distilled student (needs no graph) and graph-free baseline: test accuracy,"
            + " seconds to score 1M nodes");
    out.printf(
        format, "study", "run", "teacher", "student", "baseline", "teacher s/1M", "student s/1M");
    for (Row r : rows) {
      out.printf(
          format,
          r.getString(0),
          r.getString(1),
          number(r.getAs(2)),
          number(r.getAs(3)),
          number(r.getAs(4)),
          number(r.getAs(5)),
          number(r.getAs(6)));
    }
  }

  private static String number(Double value) {
    return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.4g", value);
  }
}
