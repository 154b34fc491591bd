package org.autoglm.actions;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.autoglm.run.RunLedger;

/**
 * Keeps a running run's heartbeat fresh from a thread of its own, so a run whose driver died is
 * seen as aborted. A heartbeat that cannot be written is tried again at the next beat; the run goes
 * on.
 */
final class Heartbeat {
  private final RunLedger ledger;
  private final ScheduledExecutorService timer;
  private RunLedger.Run current;

  Heartbeat(RunLedger ledger, RunLedger.Run run) {
    this.ledger = ledger;
    this.current = run;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            work -> {
              Thread thread = new Thread(work, "autoglm-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long every = ledger.heartbeat().toMillis();
    timer.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Records the graph the run trains on: what a resume needs to find it again. */
  synchronized void trainsOn(String fingerprint) {
    current = current.trainingOn(fingerprint, java.time.Instant.now());
    ledger.put(current);
  }

  synchronized RunLedger.Run current() {
    return current;
  }

  /** Stops beating; the run's end is written next. */
  void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ledger.stopBeating(current().runId());
  }

  private void beat() {
    try {
      ledger.beat(current().runId());
    } catch (RuntimeException e) {
      // The next beat tries again; three missed beats make readers see the run as aborted.
    }
  }
}
