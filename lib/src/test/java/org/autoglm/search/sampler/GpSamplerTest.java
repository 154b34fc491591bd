package org.autoglm.search.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.autoglm.search.Objective;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;
import org.junit.jupiter.api.Test;

class GpSamplerTest {
  private static final SearchSpace SQUARE =
      new SearchSpace(
          List.of(
              new Parameter.Real("x", -1, 1, false), new Parameter.Real("lr", 1e-4, 1e-1, true)));

  private static double objective(Map<String, Object> p) {
    double x = (Double) p.get("x") - 0.3;
    double lr = Math.log10((Double) p.get("lr")) + 2;
    return x * x + lr * lr;
  }

  private static Study study(int budget) {
    return Study.builder(SQUARE)
        .sampler(new GpSampler(5))
        .objectives(Objective.minimize("loss"))
        .seed(5)
        .budget(budget)
        .build();
  }

  @Test
  void aCandidateAlreadyObservedOrRunningIsPassedOver() {
    UnitEncoding encoding = new UnitEncoding(SQUARE);
    Map<String, Object> observed = Map.of("x", 0.25, "lr", 0.01);
    Map<String, Object> running = Map.of("x", -0.5, "lr", 0.001);
    History history =
        new History(
            List.of(
                new Observation(
                    0, observed, new double[] {0.1}, TrialState.COMPLETE, 1, Double.NaN)),
            List.of(running));
    double[] fresh = encoding.encode(Map.of("x", 0.75, "lr", 0.05));
    // The observed point as the acquisition's search would find it again: re-encoded, so a
    // log-scaled coordinate may differ in its last bits.
    double[] observedAgain = encoding.encode(encoding.decode(encoding.encode(observed)));

    Map<String, Object> chosen =
        GpSampler.firstUnseen(
            List.of(observedAgain, encoding.encode(running), fresh), history, encoding);

    assertThat(chosen).isEqualTo(encoding.decode(fresh));
  }

  @Test
  void aSequentialStudyNeverSuggestsAPointTwice() {
    Study study = study(60);
    Set<Map<String, Object>> seen = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      TrialSpec spec = study.ask(1).get(0);
      assertThat(seen.add(spec.params())).as("trial %d repeats %s", i, spec.params()).isTrue();
      study.tell(Outcome.finished(spec.trialId(), 1, objective(spec.params())));
    }
  }

  @Test
  void aNanObjectiveIsAFailedTrialAndTheModelCarriesOnWithoutIt() {
    Study withNan = study(20);
    Study withFailure = study(20);
    for (int i = 0; i < 14; i++) {
      TrialSpec a = withNan.ask(1).get(0);
      TrialSpec b = withFailure.ask(1).get(0);
      assertThat(a).isEqualTo(b);
      if (i == 11) {
        withNan.tell(Outcome.finished(a.trialId(), 1, Double.NaN));
        withFailure.tell(Outcome.failed(b.trialId()));
      } else if (i == 12) {
        withNan.tell(Outcome.finished(a.trialId(), 1, Double.POSITIVE_INFINITY));
        withFailure.tell(Outcome.failed(b.trialId()));
      } else {
        withNan.tell(Outcome.finished(a.trialId(), 1, objective(a.params())));
        withFailure.tell(Outcome.finished(b.trialId(), 1, objective(b.params())));
      }
    }
    assertThat(withNan.trial(11).state()).isEqualTo(TrialState.FAILED);
    assertThat(withNan.trial(12).state()).isEqualTo(TrialState.FAILED);
    assertThat(withNan.trial(11).values()).isEmpty();
    // Not random search: the same suggestions as a study told those trials failed.
    List<Map<String, Object>> next = new ArrayList<>();
    List<Map<String, Object>> expected = new ArrayList<>();
    withNan.ask(3).forEach(s -> next.add(s.params()));
    withFailure.ask(3).forEach(s -> expected.add(s.params()));
    assertThat(next).isEqualTo(expected);
    assertThat(withNan.trials().stream().filter(t -> t.state() == TrialState.COMPLETE))
        .extracting(Trial::value)
        .allMatch(Double::isFinite);
  }
}
