package org.autoglm.jobs;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ConfigLoader;
import org.autoglm.results.Leaderboard;
import org.autoglm.run.OutputLayout;

/** {@code autoglm sql "<query>"}: Spark SQL over the output tables. */
final class SqlJob {
  static final int MAX_ROWS = 100;

  private SqlJob() {}

  static int main(CommandLine line, PrintStream out) {
    if (line.positional().size() != 1) {
      throw new CommandLine.UsageException(
          "sql takes one query in quotes, e.g. autoglm sql \"SELECT * FROM trials LIMIT 5\"");
    }
    String output =
        line.output() != null
            ? line.output()
            : ConfigLoader.load(line.env(), new ConfigLoader.Layer("(none)", ""), line.overrides())
                .output()
                .path();
    SparkSession spark = SparkSessions.create("autoglm sql", line.master());
    try {
      Leaderboard.registerViews(spark, new OutputLayout(output));
      out.print(spark.sql(line.positional().get(0)).showString(MAX_ROWS, 0, false));
      return 0;
    } finally {
      spark.stop();
    }
  }
}
