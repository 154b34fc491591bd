package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.autoglm.search.prune.MedianStopping;
import org.autoglm.search.prune.StopRule;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.RandomSampler;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;
import org.junit.jupiter.api.Test;

class PrunerTest {
  @Test
  void rungsGrowByEtaUpToTheFullResource() {
    SuccessiveHalving sha = SuccessiveHalving.of(1, 27, 3, 0);
    assertThat(sha.rungs(0)).containsExactly(1, 3, 9, 27);
    assertThat(SuccessiveHalving.of(2, 20, 3, 0).rungs(0)).containsExactly(2, 6, 18, 20);
    SuccessiveHalving hyperband = SuccessiveHalving.hyperband(1, 27, 3, 0);
    assertThat(hyperband.brackets()).isEqualTo(4);
    assertThat(hyperband.rungs(3)).containsExactly(27);
    assertThat(hyperband.rungs(1)).containsExactly(3, 9, 27);
  }

  @Test
  void hyperbandGivesAggressiveBracketsMoreTrials() {
    SuccessiveHalving hyperband = SuccessiveHalving.hyperband(1, 27, 3, 5);
    int[] counts = new int[4];
    for (int id = 0; id < 4000; id++) {
      counts[hyperband.bracketOf(id)]++;
    }
    // Weights ceil(4/(s+1)) * 3^s for s = 3, 2, 1, 0 rungs below max: 27, 18, 6, 4 of 55.
    assertThat(counts[0]).isBetween(1800, 2100);
    assertThat(counts[1]).isBetween(1150, 1450);
    assertThat(counts[3]).isBetween(200, 400);
  }

  /** Trial {@code i}'s value at step s (maximised): lower i is better, every curve rises with s. */
  private static double curve(int trialId, int step) {
    return 1.0 - 1.0 / (1 + step) - 0.01 * trialId;
  }

  private static Study successiveHalving(int minResource, int maxResource, int budget) {
    return Study.builder(SamplerTest.BOWL)
        .sampler(new RandomSampler(1))
        .pruner(SuccessiveHalving.of(minResource, maxResource, 3, 0))
        .budget(budget)
        .build();
  }

  @Test
  void successiveHalvingPromotesTheTopThirdOfEachRung() {
    Study study = successiveHalving(1, 9, 9);
    List<TrialSpec> first = study.ask(9);
    assertThat(first).allSatisfy(s -> assertThat(s.resource()).isEqualTo(1));
    for (TrialSpec s : first) {
      study.tell(Outcome.finished(s.trialId(), 1, curve(s.trialId(), 1)));
    }
    assertThat(study.trials()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.PAUSED));
    List<TrialSpec> promoted = study.ask(9);
    assertThat(promoted.stream().map(TrialSpec::trialId)).containsExactly(0, 1, 2);
    assertThat(promoted)
        .allSatisfy(
            s -> {
              assertThat(s.resumeFrom()).isEqualTo(1);
              assertThat(s.resource()).isEqualTo(3);
            });
    for (TrialSpec s : promoted) {
      study.tell(Outcome.finished(s.trialId(), 3, curve(s.trialId(), 3)));
    }
    List<TrialSpec> last = study.ask(9);
    assertThat(last).singleElement().satisfies(s -> assertThat(s.trialId()).isEqualTo(0));
    study.tell(Outcome.finished(0, 9, curve(0, 9)));
    assertThat(study.isDone()).isTrue();
    assertThat(study.close()).hasSize(8);
    assertThat(study.best().orElseThrow().trialId()).isEqualTo(0);
    int spent = 0;
    for (Trial t : study.trials()) {
      spent += t.step();
    }
    assertThat(spent).isEqualTo(9 + 3 * 2 + 6).isLessThan(9 * 9);
  }

  @Test
  void aPromotedRunReportingItsCurveAgainKeepsItsPlaceAtTheRung() {
    Study study = successiveHalving(1, 9, 9);
    for (TrialSpec s : study.ask(9)) {
      study.tell(Outcome.finished(s.trialId(), 1, curve(s.trialId(), 1)));
    }
    List<TrialSpec> promoted = study.ask(9);
    assertThat(promoted.stream().map(TrialSpec::trialId)).containsExactly(0, 1, 2);
    // A resumed run's curve starts from step 1 again, there with the epoch's own value, which
    // may be below the best-so-far value the trial paused with.
    for (TrialSpec s : promoted) {
      study.tell(
          new Outcome(
              s.trialId(),
              Outcome.Kind.FINISHED,
              List.of(curve(s.trialId(), 3)),
              3,
              new TreeMap<>(Map.of(1, 0.0, 2, 0.1)),
              Double.NaN));
    }
    assertThat(study.trial(0).intermediate().get(1)).isEqualTo(curve(0, 1));
    assertThat(study.trial(0).intermediate().get(2)).isEqualTo(0.1);
    List<TrialSpec> next = study.ask(9);
    assertThat(next.stream().map(TrialSpec::trialId)).containsExactly(0);
    assertThat(next.get(0).resource()).isEqualTo(9);
  }

  @Test
  void aRunThatConvergesBeforeItsRungIsCompleteNotPaused() {
    Study study = successiveHalving(4, 36, 1);
    TrialSpec spec = study.ask(1).get(0);
    study.tell(Outcome.finished(spec.trialId(), 2, 0.5));
    assertThat(study.trials().get(0).state()).isEqualTo(TrialState.COMPLETE);
  }

  @Test
  void medianStoppingStopsARunBelowTheMedianCurve() {
    Map<Integer, Trial> trials = new HashMap<>();
    for (int id = 0; id < 3; id++) {
      TreeMap<Integer, Double> steps = new TreeMap<>();
      for (int s = 1; s <= 5; s++) {
        steps.put(s, 0.5 + 0.1 * id + 0.01 * s);
      }
      trials.put(
          id,
          new Trial(
              id, Map.of(), TrialState.COMPLETE, List.of(steps.get(5)), 5, steps, Double.NaN));
    }
    StopRule rule =
        new MedianStopping(3, 1).stopRule(List.copyOf(trials.values()), Direction.MAXIMIZE);
    // The median at step s is 0.6 + 0.01 s.
    assertThat(rule.shouldStop(List.of(0.1))).as("warm-up step").isFalse();
    assertThat(rule.shouldStop(List.of(0.1, 0.7))).isFalse();
    assertThat(rule.shouldStop(List.of(0.1, 0.7, 0.5))).as("best so far 0.7 still above").isFalse();
    assertThat(rule.shouldStop(List.of(0.1, 0.7, 0.5, 0.6)))
        .as("best so far 0.7 above the median 0.64")
        .isFalse();
    // The same rule serves another run of the wave: it keeps nothing between runs.
    assertThat(rule.shouldStop(List.of(0.5, 0.55))).isTrue();
    assertThat(new MedianStopping(4, 0).stopRule(List.copyOf(trials.values()), Direction.MAXIMIZE))
        .as("too few complete trials to judge")
        .isSameAs(StopRule.NEVER);
  }
}
