package org.autoglm.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Kills its own JVM with SIGKILL when a chosen Spark job starts, for tests of what a run leaves
 * when its driver dies at that moment. The point is {@code anchor|n}: the n-th job started from the
 * first one whose description begins with {@code anchor} (n = 1: that job itself), so unlabelled
 * jobs after a stage can be reached too. Before the signal it prints {@link #MARKER} and the job's
 * description.
 */
public final class KillPoint extends SparkListener {
  /** The system property a child run reads its kill point from. */
  public static final String PROPERTY = "autoglm.test.killAt";

  public static final String MARKER = "KILL POINT reached at job: ";

  private final String anchor;
  private final int nth;
  private final AtomicInteger counted = new AtomicInteger();

  public KillPoint(String point) {
    int bar = point.lastIndexOf('|');
    this.anchor = point.substring(0, bar);
    this.nth = Integer.parseInt(point.substring(bar + 1));
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description =
        start.properties() == null ? null : start.properties().getProperty("spark.job.description");
    boolean anchored = counted.get() > 0 || (description != null && description.startsWith(anchor));
    if (anchored && counted.incrementAndGet() == nth) {
      System.out.println(MARKER + description);
      System.out.flush();
      try {
        new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start()
            .waitFor();
        Thread.sleep(60_000); // the signal ends the JVM before this does
      } catch (IOException | InterruptedException e) {
        Runtime.getRuntime().halt(137);
      }
    }
  }
}
