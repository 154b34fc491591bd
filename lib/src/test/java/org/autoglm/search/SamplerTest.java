package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerTest {
  /** Minimum 0 at (0.3, -0.2); smooth, so every model-based sampler should get close. */
  static final SearchSpace BOWL =
      new SearchSpace(
          List.of(new Parameter.Real("x", -1, 1, false), new Parameter.Real("y", -1, 1, false)));

  static double bowl(Map<String, Object> p) {
    double x = (Double) p.get("x") - 0.3;
    double y = (Double) p.get("y") + 0.2;
    return x * x + y * y;
  }

  /** Runs a study on {@code objective}; returns the trials in order. */
  static List<Trial> minimise(
      String sampler,
      SearchSpace space,
      ToDoubleFunction<Map<String, Object>> objective,
      int trials,
      int batch,
      long seed) {
    Study study =
        Study.builder(space)
            .sampler(Samplers.named(sampler, seed, 5, batch))
            .objectives(Objective.minimize("loss"))
            .seed(seed)
            .budget(trials)
            .build();
    while (!study.isDone()) {
      for (TrialSpec spec : study.ask(batch)) {
        study.tell(Outcome.finished(spec.trialId(), 1, objective.applyAsDouble(spec.params())));
      }
    }
    return study.trials();
  }

  /** One at a time, and in batches of eight for the samplers that model running trials. */
  @ParameterizedTest
  @CsvSource({
    "tpe, 100, 1",
    "gp, 100, 1",
    "cmaes, 100, 1",
    "evolution, 100, 1",
    "nsga2, 100, 1",
    "tpe, 96, 8",
    "gp, 96, 8",
    "cmaes, 96, 8"
  })
  void modelBasedSamplersFindTheBottomOfABowl(String sampler, int trials, int batch) {
    double best =
        minimise(sampler, BOWL, SamplerTest::bowl, trials, batch, 3).stream()
            .mapToDouble(Trial::value)
            .min()
            .orElseThrow();
    // Random search's expected best of 100 draws here is about 0.013; the bar is 6x tighter.
    assertThat(best).isLessThan(0.002);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grid", "random", "sobol", "tpe", "gp", "cmaes", "evolution", "nsga2"})
  void theSameSeedGivesTheSameTrials(String sampler) {
    List<Map<String, Object>> first = params(minimise(sampler, BOWL, SamplerTest::bowl, 25, 3, 11));
    List<Map<String, Object>> again = params(minimise(sampler, BOWL, SamplerTest::bowl, 25, 3, 11));
    List<Map<String, Object>> other = params(minimise(sampler, BOWL, SamplerTest::bowl, 25, 3, 12));
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"grid", "random", "sobol", "tpe", "gp", "cmaes", "evolution", "nsga2"})
  void conditionalParametersAppearExactlyWhenActive(String sampler) {
    SearchSpace space = SearchSpaceTest.CONDITIONAL;
    List<Trial> trials =
        minimise(
            sampler,
            space,
            p ->
                Math.log((Double) p.get("lr"))
                    + (p.get("model").equals("gat") ? (Integer) p.get("heads") * 0.1 : 0.5)
                    + (p.get("optimizer").equals("sgd") ? (Double) p.get("momentum") : 0.7),
            40,
            4,
            5);
    assertThat(trials).hasSize(40);
    for (Trial t : trials) {
      Map<String, Object> p = t.params();
      assertThat(p.containsKey("heads")).as(p.toString()).isEqualTo(p.get("model").equals("gat"));
      assertThat(p.containsKey("momentum"))
          .as(p.toString())
          .isEqualTo(p.get("optimizer").equals("sgd"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grid", "random", "sobol", "tpe", "gp", "cmaes", "evolution", "nsga2"})
  void aBatchAsksForDistinctPoints(String sampler) {
    Study study =
        Study.builder(BOWL)
            .sampler(Samplers.named(sampler, 2))
            .objectives(Objective.minimize("loss"))
            .seed(2)
            .budget(40)
            .build();
    for (TrialSpec spec : study.ask(16)) {
      study.tell(Outcome.finished(spec.trialId(), 1, bowl(spec.params())));
    }
    List<TrialSpec> batch = study.ask(8);
    assertThat(new HashSet<>(params(batch.stream().map(TrialSpec::params).toList()))).hasSize(8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tpe", "gp", "cmaes", "evolution", "nsga2"})
  void failedTrialsNeverStopTheStudy(String sampler) {
    Sampler s = Samplers.named(sampler, 4);
    Study study =
        Study.builder(BOWL).sampler(s).objectives(Objective.minimize("loss")).budget(30).build();
    while (!study.isDone()) {
      for (TrialSpec spec : study.ask(2)) {
        study.tell(
            spec.trialId() % 3 == 0
                ? Outcome.failed(spec.trialId())
                : Outcome.finished(spec.trialId(), 1, bowl(spec.params())));
      }
    }
    assertThat(study.trials()).hasSize(30);
    assertThat(study.trials().stream().filter(t -> t.state() == TrialState.FAILED)).hasSize(10);
    assertThat(study.best()).isPresent();
  }

  private static List<Map<String, Object>> params(List<?> trials) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : trials) {
      out.add(o instanceof Trial t ? t.params() : castParams(o));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castParams(Object o) {
    return (Map<String, Object>) o;
  }
}
