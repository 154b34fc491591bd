package org.autoglm.jobs;

import java.io.PrintStream;
import java.time.Duration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.results.Leaderboard;
import org.autoglm.run.RunLedger;
import org.autoglm.study.OutputLayout;

/** {@code autoglm sql "<query>"}: Spark SQL over the output tables. */
final class SqlJob {
  static final int MAX_ROWS = 100;

  private SqlJob() {}

  private static boolean tablesExist(SparkSession spark, OutputLayout layout) {
    for (String table :
        java.util.List.of(
            OutputLayout.RUNS,
            OutputLayout.TRIALS,
            OutputLayout.DATA_QUALITY,
            OutputLayout.QUARANTINE)) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(layout.table(table));
      try {
        if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
          return true;
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot check " + path, e);
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message).strip();
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  static int main(CommandLine line, PrintStream out) {
    if (line.positional().size() != 1) {
      throw new CommandLine.UsageException(
          "sql takes one query in quotes, e.g. autoglm sql \"SELECT * FROM trials LIMIT 5\"");
    }
    ExperimentConfig config =
        ConfigLoader.load(line.env(), new ConfigLoader.Layer("(none)", ""), line.overrides());
    String output = line.output() != null ? line.output() : config.output().path();
    SparkSession spark = SparkSessions.create("autoglm sql", line.master());
    try {
      OutputLayout layout = new OutputLayout(output);
      if (!tablesExist(spark, layout)) {
        throw new CommandLine.UsageException(
            "no result tables under "
                + output
                + ": run a study first (bin/autoglm run ...), or point --output at its"
                + " output.path",
            false);
      }
      Leaderboard.registerViews(
          spark,
          layout,
          new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds())));
      Dataset<Row> result;
      try {
        result = spark.sql(line.positional().get(0));
      } catch (Exception e) { // AnalysisException (parse errors too) is checked, thrown unchecked
        if (e instanceof AnalysisException analysis) {
          throw new CommandLine.UsageException(
              "the query does not run: "
                  + firstLine(analysis.getMessage())
                  + "; its tables are runs, trials, baselines, trial_epochs, data_quality,"
                  + " quarantine, gates, comparisons and predictions",
              false);
        }
        throw e;
      }
      out.print(TextTable.of(result, MAX_ROWS));
      return 0;
    } finally {
      SparkSessions.release(spark);
    }
  }
}
