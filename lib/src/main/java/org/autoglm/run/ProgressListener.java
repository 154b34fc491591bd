package org.autoglm.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * Prints a progress line whenever a trial task ends. Spark merges a task's accumulator updates
 * before it posts the task-end event, so the counts read here include that task.
 */
final class ProgressListener extends SparkListener {
  private final LongAccumulator finished;
  private final long resumed; // runs a resumed run's journal held; they took no time here
  private final BestAccumulator best;
  private final long total;
  private final String objective;
  private final Instant started = Instant.now();
  private final PrintStream out;
  private long printed = -1;

  ProgressListener(
      LongAccumulator finished,
      long resumed,
      BestAccumulator best,
      long total,
      String objective,
      PrintStream out) {
    this.finished = finished;
    this.resumed = resumed;
    this.best = best;
    this.total = total;
    this.objective = objective;
    this.out = out;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    long done = finished.value();
    if (done != printed) {
      printed = done;
      out.println(
          ProgressLine.format(
              done,
              resumed,
              total,
              objective,
              best.value(),
              Duration.between(started, Instant.now())));
    }
  }
}
