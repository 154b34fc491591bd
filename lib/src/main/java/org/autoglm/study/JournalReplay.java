package org.autoglm.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.autoglm.search.TrialSpec;

/**
 * Brings a fresh study to where a crashed run stopped: its scheduler launches and completes the
 * journaled runs in the order the run told them, so the sampler, the pruner's rungs and the budget
 * all continue as if the run had never stopped, and what is left in flight is exactly what the run
 * had started but not journaled. Every run the journal holds must be one the scheduler has in
 * flight, with the same parameters, or the resume is refused.
 */
public final class JournalReplay {
  private JournalReplay() {}

  /**
   * Completes the journaled {@code runs} on {@code scheduler}, in their telling order; returns them
   * as told. The scheduler's runs in flight afterwards are the ones to start again.
   */
  public static List<TrialResult> replay(
      TrialScheduler scheduler, List<TrialResult> runs, String runId) {
    List<TrialResult> ordered = new ArrayList<>(runs);
    ordered.sort(
        Comparator.comparingInt(TrialResult::sequence).thenComparing(TrialResult::startTime));
    List<TrialResult> told = new ArrayList<>();
    scheduler.launch();
    for (TrialResult run : ordered) {
      TrialSpec spec = scheduler.inFlight(run.trialId());
      if (spec == null) {
        throw refused(
            runId,
            "the journal's next run is of trial "
                + run.trialId()
                + ", but the study has "
                + (scheduler.isIdle()
                    ? "nothing in flight"
                    : "trials "
                        + scheduler.inFlight().stream()
                            .map(s -> String.valueOf(s.trialId()))
                            .collect(Collectors.joining(", "))
                        + " in flight"));
      }
      Map<String, String> asked = TrialResult.paramsText(spec.params());
      if (!asked.equals(run.params())) {
        throw refused(
            runId,
            "trial "
                + spec.trialId()
                + " was journaled with "
                + new TreeMap<>(run.params())
                + " but the study now suggests "
                + asked);
      }
      told.add(scheduler.complete(run, run.dispatchSeconds()));
      scheduler.launch();
    }
    return told;
  }

  private static ResumeRefused refused(String runId, String what) {
    return new ResumeRefused(
        "run "
            + runId
            + " cannot be resumed: its journal does not replay under this configuration and code ("
            + what
            + "). Start a new run without --resume.");
  }
}
