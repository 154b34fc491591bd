package org.autoglm.study;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.trial.TrialState;

/**
 * Which trial runs start when, without Spark: keeps up to {@code slots} runs in flight. The driver
 * alternates {@link #launch} (start what may start now) and {@link #complete} (one run ended);
 * asynchronously a run starts as soon as one ends, so an ASHA promotion starts the moment its rung
 * allows it; in waves, nothing starts until the whole wave has ended.
 *
 * <p>The sequence of launches depends only on the order of completions, which {@link #complete}
 * numbers: replaying a journal's completions in that order launches the same runs again ({@link
 * JournalReplay}).
 */
public final class TrialScheduler {
  private final Study study;
  private final int slots;
  private final boolean waves;
  private final Map<Integer, TrialSpec> inFlight = new LinkedHashMap<>();
  private final Map<Integer, Double> trainSeconds = new HashMap<>();
  private int told;

  public TrialScheduler(Study study, int slots, boolean waves) {
    if (slots < 1) {
      throw new IllegalArgumentException("a study needs at least 1 slot, got " + slots);
    }
    this.study = study;
    this.slots = slots;
    this.waves = waves;
  }

  /** The runs to start now: as many as slots are free (in waves: only when all are). */
  public List<TrialSpec> launch() {
    if (waves && !inFlight.isEmpty()) {
      return List.of();
    }
    List<TrialSpec> started = study.ask(slots - inFlight.size());
    started.forEach(spec -> inFlight.put(spec.trialId(), spec));
    return started;
  }

  /**
   * Tells the study how {@code run} ended; returns the run as the journal records it: with the
   * state the study gave it (a rung stop is PAUSED there) and its place in the telling order.
   */
  public TrialResult complete(TrialResult run, double dispatchSeconds) {
    if (inFlight.remove(run.trialId()) == null) {
      throw new IllegalStateException("trial " + run.trialId() + " is not in flight");
    }
    double seconds = trainSeconds.merge(run.trialId(), run.trainSeconds(), Double::sum);
    study.tell(outcome(run, seconds));
    return run.told(study.trial(run.trialId()).state(), ++told, dispatchSeconds);
  }

  /** The runs started and not yet completed. */
  public Collection<TrialSpec> inFlight() {
    return List.copyOf(inFlight.values());
  }

  public TrialSpec inFlight(int trialId) {
    return inFlight.get(trialId);
  }

  public boolean isIdle() {
    return inFlight.isEmpty();
  }

  /**
   * The run's outcome, costing the trial's training seconds over all its runs (a promotion
   * continues its rung's run); a study that minimises time has them as its second objective too.
   */
  private Outcome outcome(TrialResult r, double trialSeconds) {
    if (!r.hasValues() || r.status() == TrialState.FAILED) {
      return Outcome.failed(r.trialId());
    }
    SortedMap<Integer, Double> curve = new TreeMap<>();
    for (int epoch = 1; epoch <= r.curve().length; epoch++) {
      curve.put(epoch, r.curve()[epoch - 1]);
    }
    Outcome.Kind kind =
        r.status() == TrialState.PRUNED ? Outcome.Kind.PRUNED : Outcome.Kind.FINISHED;
    List<Double> values =
        study.objectives().size() > 1
            ? List.of(r.scores().val(), trialSeconds)
            : List.of(r.scores().val());
    return new Outcome(r.trialId(), kind, values, r.epochs(), curve, trialSeconds);
  }
}
