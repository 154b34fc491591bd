package org.autoglm.run;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.autoglm.search.TrialSpec;
import org.autoglm.study.TrialResult;

/**
 * Runs each trial run as a Spark job of one task, under the trial resource profile, from a driver
 * thread of its own, and hands back runs as they end, in the order they end.
 *
 * <p>Exactly once: a task whose executor dies is retried by Spark ({@code spark.task.maxFailures});
 * the driver journals the one result Spark returns. A run Spark gives up on (its executor died on
 * every attempt: a native crash, out of memory) comes back as a FAILED run with Spark's reason, and
 * the study goes on.
 */
final class TrialLauncher implements AutoCloseable {
  static final String JOB_GROUP = "tune";
  private static final int MAX_REASON_CHARS = 2000;

  /** A run as it came back, with the time it spent outside its task (see TrialResult). */
  record Finished(TrialResult result, double dispatchSeconds) {}

  private final SparkContext sc;
  private final JavaSparkContext jsc;
  private final Broadcast<TrialTask> task;
  private final ResourceProfile profile;
  private final ExecutorService threads;
  private final CompletionService<Finished> finished;

  TrialLauncher(SparkContext sc, TrialTask task, ResourceProfile profile, int slots) {
    this.sc = sc;
    this.jsc = JavaSparkContext.fromSparkContext(sc);
    // Sent to each executor once: the task carries the Hadoop configuration, and serialising it
    // into every trial's job took most of a trial's dispatch time.
    this.task = jsc.broadcast(task);
    this.profile = profile;
    AtomicInteger made = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            slots,
            work -> {
              Thread thread = new Thread(work, "autoglm-trial-" + made.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.finished = new ExecutorCompletionService<>(threads);
  }

  /** Starts {@code spec}'s run now. */
  void launch(TrialSpec spec) {
    long asked = System.nanoTime();
    finished.submit(
        () -> {
          TrialResult result = runJob(spec);
          double outside = (System.nanoTime() - asked) / 1e9 - result.taskSeconds();
          return new Finished(result, Math.max(0, outside));
        });
  }

  /** The next run to end; waits for it. */
  Finished next() throws InterruptedException {
    try {
      return finished.take().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a trial's driver thread failed", e.getCause());
    }
  }

  private TrialResult runJob(TrialSpec spec) {
    Instant asked = Instant.now();
    sc.setJobGroup(JOB_GROUP, describe(spec), false);
    RunLog.adoptSparkTags(sc);
    RunLog.stage(sc, JOB_GROUP);
    RunLog.trial(sc, spec.trialId());
    try {
      JavaRDD<TrialSpec> trial = jsc.parallelize(List.of(spec), 1);
      if (profile != null) {
        trial = trial.withResources(profile);
      }
      return trial.map(new RunTrial(task)).collect().get(0);
    } catch (Exception e) { // Spark's job failures are checked exceptions thrown unchecked
      return TrialResult.failed(
          spec,
          TrialResult.Placement.UNKNOWN,
          asked,
          Instant.now(),
          "Spark gave up on the trial's task: " + reason(e));
    } finally {
      sc.clearJobGroup();
      RunLog.trial(sc, -1);
    }
  }

  private static String describe(TrialSpec spec) {
    return "tune: trial "
        + spec.trialId()
        + (spec.isPromotion()
            ? ", promoted from epoch " + spec.resumeFrom() + " to " + spec.resource()
            : spec.resource() > 0 ? ", to epoch " + spec.resource() : "");
  }

  /** Spark's reason, without the stack trace it appends after the first lines. */
  private static String reason(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int trace = message.indexOf("\n\tat ");
    String kept = trace < 0 ? message : message.substring(0, trace);
    return kept.length() > MAX_REASON_CHARS ? kept.substring(0, MAX_REASON_CHARS) : kept;
  }

  /** A trial run on its executor, by the broadcast task. */
  private record RunTrial(Broadcast<TrialTask> task) implements Function<TrialSpec, TrialResult> {
    @Override
    public TrialResult call(TrialSpec spec) {
      return task.value().call(spec);
    }
  }

  /** Cancels runs still going (the driver is leaving early) and stops the threads. */
  @Override
  public void close() {
    sc.cancelJobGroup(JOB_GROUP);
    threads.shutdownNow();
    task.destroy(false);
  }
}
