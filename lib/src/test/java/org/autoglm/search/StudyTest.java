package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.autoglm.search.prune.StopRule;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.search.trial.Trial;
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
  void initialConfigurationsComeFirstInOrderAfterWarmStartAndTheSamplerLearnsFromThem() {
    Study.Builder builder =
        bowlStudy("tpe")
            .budget(6)
            .warmStart(List.of(new Study.FirstTrial(Map.of("x", 0.9, "y", 0.9), 77)), List.of())
            .initial(List.of(Map.of("x", 0.3, "y", -0.2), Map.of("x", -0.5)));
    Study study = builder.build();
    List<TrialSpec> first = study.ask(3);
    assertThat(first)
        .extracting(TrialSpec::params)
        .containsExactly(
            Map.of("x", 0.9, "y", 0.9), Map.of("x", 0.3, "y", -0.2), first.get(2).params());
    assertThat(first.get(0).seed()).isEqualTo(77);
    // A partial configuration keeps its values; the rest is drawn from the priors.
    assertThat(first.get(2).params()).containsEntry("x", -0.5).containsKey("y");
    assertThat((Double) first.get(2).params().get("y")).isBetween(-1.0, 1.0);
    for (TrialSpec spec : first) {
      study.tell(Outcome.finished(spec.trialId(), 1, SamplerTest.bowl(spec.params())));
    }
    // Then the sampler, within the same budget; a rebuilt study asks the same.
    Study rebuilt = Study.rebuild(builder, study.trials());
    List<TrialSpec> next = study.ask(3);
    assertThat(next).extracting(TrialSpec::trialId).containsExactly(3, 4, 5);
    assertThat(rebuilt.ask(3)).isEqualTo(next);
    assertThat(study.ask(1)).isEmpty();
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

  private static Study.Builder reevaluating(int budget, int top, int seeds) {
    return Study.builder(SamplerTest.BOWL)
        .sampler(Samplers.named("random", 3))
        .objectives(Objective.maximize("val_accuracy"))
        .seed(3)
        .budget(budget)
        .reevaluate(top, seeds);
  }

  @Test
  void theBestConfigurationsAreTrainedAgainWithNewSeedsAndTheBestMeanIsChosen() {
    Study study = reevaluating(10, 2, 2).build();
    // Six searched trials first; re-evaluation waits until every one has ended.
    List<TrialSpec> searched = study.ask(10);
    assertThat(searched).hasSize(6);
    double[] scores = {0.70, 0.80, 0.60, 0.78, 0.50, 0.40};
    for (TrialSpec spec : searched.subList(0, 5)) {
      study.tell(Outcome.finished(spec.trialId(), 1, scores[spec.trialId()]));
    }
    assertThat(study.ask(10)).isEmpty();
    study.tell(Outcome.finished(5, 1, scores[5]));

    List<TrialSpec> again = study.ask(10);
    assertThat(again).extracting(TrialSpec::trialId).containsExactly(6, 7, 8, 9);
    assertThat(again).extracting(TrialSpec::reevaluates).containsExactly(1, 1, 3, 3);
    assertThat(again.get(0).params()).isEqualTo(searched.get(1).params());
    assertThat(again.get(2).params()).isEqualTo(searched.get(3).params());
    assertThat(again.stream().map(TrialSpec::seed).distinct()).hasSize(4);
    assertThat(again)
        .noneMatch(spec -> spec.seed() == searched.get(1).seed())
        .allMatch(spec -> spec.resource() == 0 && spec.stopRule() == StopRule.NEVER);
    assertThat(study.reevaluates(7)).hasValue(1);
    assertThat(study.reevaluates(5)).isEmpty();

    // Trial 1 was lucky once (0.80, then 0.74 and 0.75); trial 3 holds up (0.78, 0.79, 0.80).
    study.tell(Outcome.finished(6, 1, 0.74));
    study.tell(Outcome.finished(7, 1, 0.75));
    assertThat(study.best()).map(Trial::trialId).hasValue(1); // trial 3's runs still going
    study.tell(Outcome.finished(8, 1, 0.79));
    study.tell(Outcome.finished(9, 1, 0.80));
    assertThat(study.isDone()).isTrue();
    assertThat(study.best()).map(Trial::trialId).hasValue(3);
    List<Study.Reevaluation> reevaluations = study.reevaluations();
    assertThat(reevaluations).extracting(Study.Reevaluation::trialId).containsExactly(1, 3);
    assertThat(reevaluations.get(1).runs()).containsExactly(8, 9);
    assertThat(reevaluations.get(1).mean()).isCloseTo(0.79, within(1e-12));
    assertThat(reevaluations.get(1).std()).isCloseTo(0.01, within(1e-12));
    assertThat(reevaluations.get(0).mean()).isCloseTo(0.7633333, within(1e-6));

    // An ensemble of the best configurations by mean takes every run of each.
    assertThat(study.ensembleRuns(1)).containsExactly(3, 8, 9);
    assertThat(study.ensembleRuns(2)).containsExactly(3, 8, 9, 1, 6, 7);

    // Rebuilt from its trials mid-way, a study plans the same re-evaluation.
    Study rebuilt = Study.rebuild(reevaluating(10, 2, 2), study.trials().subList(0, 8));
    assertThat(rebuilt.reevaluates(7)).hasValue(1);
    assertThat(rebuilt.ask(5)).containsExactly(again.get(2), again.get(3));
  }

  @Test
  void reevaluationSkipsRepeatedConfigurationsAndFailedTrialsAndEndsWhenFewerCompleted() {
    Study study = reevaluating(7, 3, 1).build();
    List<TrialSpec> searched = study.ask(7);
    assertThat(searched).hasSize(4);
    study.tell(Outcome.finished(0, 1, 0.9));
    study.tell(Outcome.failed(1));
    study.tell(Outcome.failed(2));
    study.tell(Outcome.finished(3, 1, Double.NaN)); // recorded as failed
    List<TrialSpec> again = study.ask(7);
    assertThat(again).extracting(TrialSpec::reevaluates).containsExactly(0);
    study.tell(Outcome.finished(again.get(0).trialId(), 1, 0.7));
    assertThat(study.ask(7)).isEmpty();
    assertThat(study.isDone()).isTrue();
    assertThat(study.best()).map(Trial::trialId).hasValue(0);
    assertThat(study.reevaluations().get(0).mean()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void withoutReevaluationAnEnsembleTakesTheBestDistinctConfigurations() {
    Study study =
        Study.builder(SamplerTest.BOWL)
            .sampler(Samplers.named("random", 3))
            .objectives(Objective.minimize("loss"))
            .budget(4)
            .build();
    double[] losses = {0.3, 0.1, 0.2, 0.4};
    for (TrialSpec spec : study.ask(4)) {
      study.tell(Outcome.finished(spec.trialId(), 1, losses[spec.trialId()]));
    }
    assertThat(study.ensembleRuns(3)).containsExactly(1, 2, 0);
  }

  @Test
  void reevaluationThatLeavesNothingToSearchIsRefused() {
    assertThatThrownBy(() -> reevaluating(6, 3, 2).build())
        .hasMessage(
            "re-evaluating 3 configurations with 2 seeds takes 6 of the 6 trials, leaving none to"
                + " search; raise the budget or re-evaluate fewer");
    assertThatThrownBy(() -> reevaluating(6, 3, 0))
        .hasMessage(
            "re-evaluation needs top >= 1 and seeds >= 1, or both 0 (off); got top 3, seeds 0");
  }
}
