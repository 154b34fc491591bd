package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.autoglm.search.sampler.Samplers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StudyTest {
  private static Study.Builder bowlStudy(String sampler) {
    return Study.builder(SamplerTest.BOWL)
        .sampler(Samplers.named(sampler, 9))
        .objectives(Objective.minimize("loss"))
        .seed(9)
        .budget(40);
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "sobol", "tpe", "gp", "cmaes", "evolution", "nsga2"})
  void aStudyRebuiltFromItsTrialsSuggestsWhatTheOriginalWould(String sampler) {
    Study original = bowlStudy(sampler).build();
    for (int wave = 0; wave < 6; wave++) {
      for (TrialSpec spec : original.ask(3)) {
        original.tell(Outcome.finished(spec.trialId(), 1, SamplerTest.bowl(spec.params())));
      }
    }
    // A fresh sampler instance: nothing cached survives a crash.
    Study rebuilt = Study.rebuild(bowlStudy(sampler), original.trials());
    List<TrialSpec> expected = original.ask(3);
    List<TrialSpec> actual = rebuilt.ask(3);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.get(0).trialId()).isEqualTo(18);
  }

  @Test
  void aTellForATrialThatIsNotRunningIsRefused() {
    Study study = bowlStudy("random").build();
    TrialSpec spec = study.ask(1).get(0);
    study.tell(Outcome.finished(spec.trialId(), 1, 0.5));
    assertThatThrownBy(() -> study.tell(Outcome.finished(spec.trialId(), 1, 0.4)))
        .hasMessage("trial 0 is not running; it is COMPLETE");
  }

  @Test
  void multiObjectiveStudiesKeepAParetoFrontAndItsHypervolume() {
    Study study =
        Study.builder(SamplerTest.BOWL)
            .sampler(Samplers.named("nsga2", 1))
            .objectives(Objective.maximize("val_accuracy"), Objective.minimize("train_seconds"))
            .budget(4)
            .build();
    double[][] results = {{0.80, 10}, {0.70, 2}, {0.75, 20}, {0.60, 1}};
    for (TrialSpec spec : study.ask(4)) {
      double[] r = results[spec.trialId()];
      study.tell(Outcome.finished(spec.trialId(), 1, r[0], r[1]));
    }
    assertThat(study.paretoFront().stream().map(Trial::trialId)).containsExactly(0, 1, 3);
    // Reference (accuracy 0.5, 30 s): rectangles 0.3x20 + 0.2x8 + 0.1x1 = 7.7.
    assertThat(study.hypervolume(0.5, 30)).isCloseTo(7.7, within(1e-9));
  }

  @Test
  void aSingleObjectiveSamplerRefusesTwoObjectives() {
    assertThatThrownBy(
            () ->
                Study.builder(SamplerTest.BOWL)
                    .sampler(Samplers.named("tpe", 1))
                    .objectives(Objective.maximize("acc"), Objective.minimize("seconds"))
                    .build())
        .hasMessage(
            "the study has 2 objectives but sampler TpeSampler optimises one;"
                + " use nsga2, random, sobol or grid");
  }
}
