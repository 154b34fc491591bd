package org.autoglm.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;

/**
 * Brings a fresh study to where a crashed run stopped by asking it for the same waves and telling
 * it the journaled results, so the sampler, the pruner's rungs and the budget all continue as if
 * the run had never stopped. Every wave the study asks for must be the one the journal holds: the
 * same trials with the same parameters, or the resume is refused.
 */
final class JournalReplay {
  private JournalReplay() {}

  /**
   * Tells {@code study} the journaled {@code runs}, wave by wave, asking {@code parallelism} at a
   * time as the run did; returns them with the states the study gave them, in the order told.
   */
  static List<TrialResult> replay(
      Study study, int parallelism, List<TrialResult> runs, String runId) {
    Map<Integer, Deque<TrialResult>> byTrial =
        runs.stream()
            .sorted(Comparator.comparing(TrialResult::startTime))
            .collect(
                Collectors.groupingBy(
                    TrialResult::trialId, TreeMap::new, Collectors.toCollection(ArrayDeque::new)));
    int left = runs.size();
    List<TrialResult> told = new ArrayList<>();
    while (left > 0) {
      List<TrialSpec> wave = study.ask(parallelism);
      if (wave.isEmpty()) {
        throw refused(
            runId, "the study asks for nothing more, but " + left + " journaled runs are left");
      }
      for (TrialSpec spec : wave) {
        Deque<TrialResult> recorded = byTrial.get(spec.trialId());
        if (recorded == null || recorded.isEmpty()) {
          throw refused(
              runId,
              "the study asks for trial "
                  + spec.trialId()
                  + " next, but the journal holds no further run of it (it holds runs of trials "
                  + byTrial.entrySet().stream()
                      .filter(e -> !e.getValue().isEmpty())
                      .map(e -> String.valueOf(e.getKey()))
                      .collect(Collectors.joining(", "))
                  + ")");
        }
        TrialResult run = recorded.poll();
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
        told.add(tell(study, run));
        left--;
      }
    }
    return told;
  }

  /**
   * Tells {@code study} how {@code run} ended; returns the run with the state the study gave it (a
   * rung stop is PAUSED there), as the journal records it.
   */
  static TrialResult tell(Study study, TrialResult run) {
    study.tell(outcome(run));
    return run.withStatus(study.trial(run.trialId()).state().name());
  }

  private static Outcome outcome(TrialResult r) {
    if (!r.hasValues() || TrialResult.FAILED.equals(r.status())) {
      return Outcome.failed(r.trialId());
    }
    SortedMap<Integer, Double> curve = new TreeMap<>();
    for (int epoch = 1; epoch <= r.curve().length; epoch++) {
      curve.put(epoch, r.curve()[epoch - 1]);
    }
    Outcome.Kind kind =
        TrialResult.PRUNED.equals(r.status()) ? Outcome.Kind.PRUNED : Outcome.Kind.FINISHED;
    return new Outcome(r.trialId(), kind, List.of(r.scores().val()), r.epochs(), curve);
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
