package org.autoglm.actions;

import java.io.PrintStream;
import java.util.List;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.run.DataPipeline;

/** The console lines of the data stages, as {@code run} and the data commands print them. */
public final class ConsoleLines {
  private ConsoleLines() {}

  /** What collect read: the new files of an incremental source, or that there were none. */
  public static void collected(
      DataPipeline.Batch batch, ExperimentConfig config, PrintStream console) {
    if (batch.isNothingNew()) {
      console.printf(
          "[autoglm] collect: nothing new under %s (%s consumed earlier, see the manifest);"
              + " raw tables unchanged%n",
          config.data().path(), files(batch.consumedEarlier()));
    } else if (batch.files() > 0) {
      console.printf(
          "[autoglm] collect: %s%s, %,d bytes, as batch %s (%s consumed earlier)%n",
          config.data().incremental() ? "new " : "",
          files(batch.files()),
          batch.bytes(),
          batch.name(),
          files(batch.consumedEarlier()));
    }
  }

  private static String files(int n) {
    return String.format("%,d file%s", n, n == 1 ? "" : "s");
  }

  /** The books of collect and clean: every table's totals, and each rule that quarantined rows. */
  public static void quality(List<QualityLedger.Entry> quality, PrintStream console) {
    quality.stream()
        .filter(
            e ->
                e.quarantined() > 0
                    || e.rule().equals(QualityLedger.ALL_RULES)
                    || e.rule().equals(GraphCleaner.REVERSE_EDGE))
        .forEach(
            e ->
                console.printf(
                    "[autoglm] %-7s %-7s %-20s in %,d  kept %,d  quarantined %,d%n",
                    e.stage(), e.table(), e.rule(), e.rowsIn(), e.kept(), e.quarantined()));
  }

  public static void views(DataPipeline.AugmentReport report, PrintStream console) {
    for (int v = 0; v < report.viewSizes().size(); v++) {
      console.printf(
          "[autoglm] augment view %d: %,d nodes, %,d edges%n",
          v, report.viewSizes().get(v)[0], report.viewSizes().get(v)[1]);
    }
    console.println("[autoglm] views under " + report.path());
  }
}
