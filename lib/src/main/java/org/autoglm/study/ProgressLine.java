package org.autoglm.study;

import java.time.Duration;

/** The console's one-line view of a running study: done/total, best so far, elapsed, ETA. */
public final class ProgressLine {
  private ProgressLine() {}

  /**
   * {@code objective} names the best value, e.g. {@code val_accuracy}; {@code resumed} of the
   * {@code done} trials came from a resumed run's journal, so the ETA leaves them out of the pace.
   */
  public static String format(
      long done, long resumed, long total, String objective, double best, Duration elapsed) {
    String bestText = Double.isNaN(best) ? "-" : String.format("%.4f", best);
    String eta = "-";
    if (done > resumed && done < total) {
      long perTrial = elapsed.toMillis() / (done - resumed);
      eta = clock(Duration.ofMillis(perTrial * (total - done)));
    } else if (done >= total) {
      eta = "0:00";
    }
    return String.format(
        "[autoglm] trials %d/%d  best %s %s  elapsed %s  eta %s",
        done, total, objective, bestText, clock(elapsed), eta);
  }

  public static String clock(Duration d) {
    long seconds = d.toSeconds();
    return seconds >= 3600
        ? String.format("%d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60)
        : String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
