package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.autoglm.search.Objective;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.junit.jupiter.api.Test;

class JournalReplayTest {
  private static final SearchSpace SPACE =
      new SearchSpace(
          List.of(
              new Parameter.Real("lr", 0.001, 0.1, true),
              new Parameter.Int("hidden", 8, 64, false, 1)));
  private static final int WAVE = 3;

  private static Study.Builder study() {
    return Study.builder(SPACE)
        .sampler(Samplers.named("tpe", 5))
        .pruner(SuccessiveHalving.of(3, 9, 3, 5))
        .objectives(Objective.maximize("val_accuracy"))
        .seed(5)
        .budget(12);
  }

  /** A trial run as an executor would return it: a learning curve that depends on lr. */
  private static TrialResult trained(TrialSpec spec, long clock) {
    double lr = (Double) spec.params().get("lr");
    double[] curve = new double[spec.resource()];
    for (int epoch = 1; epoch <= curve.length; epoch++) {
      curve[epoch - 1] = 0.9 - Math.abs(Math.log10(lr) + 2) / 4 - 0.3 / epoch;
    }
    double best = curve[curve.length - 1];
    return new TrialResult(
        spec.trialId(),
        TrialResult.paramsText(spec.params()),
        TrialResult.COMPLETE,
        new TrialResult.Scores("accuracy", best, best, best, best, best),
        curve.length,
        curve.length,
        spec.resumeFrom(),
        0.1,
        spec.seed(),
        "0",
        "cpu",
        Instant.ofEpochSecond(clock),
        Instant.ofEpochSecond(clock + 1),
        null,
        curve);
  }

  /** Runs {@code waves} waves of {@code live}, journaling them as the driver does. */
  private static List<TrialResult> runWaves(Study live, int waves) {
    List<TrialResult> journal = new ArrayList<>();
    for (int wave = 0; wave < waves; wave++) {
      for (TrialSpec spec : live.ask(WAVE)) {
        journal.add(JournalReplay.tell(live, trained(spec, 10L * journal.size())));
      }
    }
    return journal;
  }

  @Test
  void aReplayedStudyAsksForWhatTheUnbrokenOneWould() {
    Study unbroken = study().build();
    List<TrialResult> journal = runWaves(unbroken, 5);
    // The journal holds rung stops that were promoted later: a trial journaled more than once.
    Map<Integer, Integer> runsPerTrial = new HashMap<>();
    journal.forEach(r -> runsPerTrial.merge(r.trialId(), 1, Integer::sum));
    assertThat(runsPerTrial.values()).contains(2);
    assertThat(journal).extracting(TrialResult::status).contains("PAUSED", "COMPLETE");

    Study resumed = study().build();
    List<TrialResult> told = JournalReplay.replay(resumed, WAVE, journal, "r1");

    assertThat(told)
        .extracting(TrialResult::status)
        .containsExactlyInAnyOrderElementsOf(journal.stream().map(TrialResult::status).toList());
    List<TrialSpec> expected = unbroken.ask(WAVE);
    List<TrialSpec> actual = resumed.ask(WAVE);
    assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).trialId()).isEqualTo(expected.get(i).trialId());
      assertThat(actual.get(i).params()).isEqualTo(expected.get(i).params());
      assertThat(actual.get(i).resource()).isEqualTo(expected.get(i).resource());
      assertThat(actual.get(i).resumeFrom()).isEqualTo(expected.get(i).resumeFrom());
    }
  }

  @Test
  void aJournalTheStudyDoesNotSuggestIsRefusedNamingTheTrial() {
    List<TrialResult> journal = runWaves(study().build(), 2);
    TrialResult first = journal.get(1);
    Map<String, String> changed = new HashMap<>(first.params());
    changed.put("hidden", "99");
    journal.set(
        1,
        new TrialResult(
            first.trialId(),
            changed,
            first.status(),
            first.scores(),
            first.bestEpoch(),
            first.epochs(),
            first.resumedFrom(),
            first.trainSeconds(),
            first.seed(),
            first.executorId(),
            first.device(),
            first.startTime(),
            first.endTime(),
            first.error(),
            first.curve()));

    assertThatThrownBy(() -> JournalReplay.replay(study().build(), WAVE, journal, "r1"))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageContaining("run r1 cannot be resumed")
        .hasMessageContaining("trial 1 was journaled with {hidden=99,")
        .hasMessageContaining("Start a new run without --resume");
  }

  @Test
  void anEmptyJournalTellsNothing() {
    Study fresh = study().build();
    assertThat(JournalReplay.replay(fresh, WAVE, List.of(), "r1")).isEmpty();
    assertThat(fresh.ask(WAVE)).extracting(TrialSpec::trialId).containsExactly(0, 1, 2);
  }
}
