package org.autoglm.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.autoglm.study.TrialResult;

/**
 * Appends told runs to the journal from a thread of its own, so the driver starts the next trial
 * while the last one is written. Each write takes every run waiting, in telling order: the journal
 * is always a prefix of the telling order, which is what a resume replays. Their epochs follow at
 * most every {@link #EPOCHS_EVERY} (and when the writer closes): each append is a Delta commit, and
 * one per trial beside the trials' own slowed training down. A crash loses none of them: each trial
 * row carries its epochs ({@code epoch_log}), and a resumed run restores what {@code trial_epochs}
 * lacks ({@link TrialJournal#restoreEpochs}).
 */
final class JournalWriter implements AutoCloseable {
  static final Duration EPOCHS_EVERY = Duration.ofSeconds(15);

  private final SparkSession spark;
  private final TrialJournal journal;
  private final BlockingQueue<TrialResult> waiting = new LinkedBlockingQueue<>();
  private final Consumer<List<TrialResult>> afterAppend;
  private final Thread thread;
  private volatile boolean closing;
  private volatile RuntimeException failure;
  private final List<TrialResult> epochsWaiting = new ArrayList<>();
  private long epochsWritten = System.nanoTime();

  /** {@code afterAppend} takes each batch appended, on the writer's thread (the live report). */
  JournalWriter(SparkSession spark, TrialJournal journal, Consumer<List<TrialResult>> afterAppend) {
    this.spark = spark;
    this.journal = journal;
    this.afterAppend = afterAppend;
    this.thread = new Thread(this::writeUntilEnd, "autoglm-journal");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a told run; throws if an earlier write failed. */
  void add(TrialResult told) {
    throwIfFailed();
    waiting.add(told);
  }

  /** Writes what is waiting, then stops; throws if a write failed. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the journal was written", e);
    }
    throwIfFailed();
  }

  private void writeUntilEnd() {
    RunLog.adoptSparkTags(spark.sparkContext());
    try {
      while (!(closing && waiting.isEmpty())) {
        TrialResult first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<TrialResult> batch = new ArrayList<>(List.of(first));
          waiting.drainTo(batch);
          SparkJobs.labelled(
              spark,
              "journal",
              "journal: append "
                  + batch.size()
                  + " trial run(s), told "
                  + batch.get(0).sequence()
                  + ".."
                  + batch.get(batch.size() - 1).sequence(),
              () -> {
                journal.append(batch);
                return null;
              });
          epochsWaiting.addAll(batch);
          afterAppend.accept(batch);
        }
        if (System.nanoTime() - epochsWritten >= EPOCHS_EVERY.toNanos()) {
          writeEpochs();
        }
      }
      writeEpochs();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void writeEpochs() {
    epochsWritten = System.nanoTime();
    if (epochsWaiting.isEmpty()) {
      return;
    }
    List<TrialResult> runs = List.copyOf(epochsWaiting);
    epochsWaiting.clear();
    SparkJobs.labelled(
        spark,
        "journal",
        "journal: append the epochs of " + runs.size() + " trial run(s)",
        () -> {
          journal.appendEpochs(runs);
          return null;
        });
  }

  private void throwIfFailed() {
    if (failure != null) {
      throw new IllegalStateException("cannot append to the trials journal", failure);
    }
  }
}
