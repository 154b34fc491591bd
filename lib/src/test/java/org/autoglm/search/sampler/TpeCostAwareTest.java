package org.autoglm.search.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.autoglm.search.Objective;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.junit.jupiter.api.Test;

class TpeCostAwareTest {
  /**
   * Two families as good as each other (the loss depends on x only); "wide" costs 1 + 20·width
   * seconds an epoch, "narrow" 1: nothing but their cost tells them apart.
   */
  private static final SearchSpace SPACE =
      new SearchSpace(
          List.of(
              new Parameter.Categorical("family", List.of("narrow", "wide")),
              new Parameter.Real("width", 0, 1, false),
              new Parameter.Real("x", 0, 1, false)),
          Map.of());

  private static final int EPOCHS = 10;

  /** Seconds and dear trials after the 10 startup trials, which both draw from the prior. */
  private record Spent(double secondsAfterStartup, double bestLoss, int dearAfterStartup) {}

  private static Study study(boolean costAware, int budget) {
    return Study.builder(SPACE)
        .sampler(new TpeSampler(5, costAware))
        .objectives(Objective.minimize("loss"))
        .seed(3)
        .budget(budget)
        .build();
  }

  private static Spent run(boolean costAware) {
    Study study = study(costAware, 60);
    double seconds = 0;
    double best = Double.POSITIVE_INFINITY;
    int dearAfterStartup = 0;
    while (!study.isDone()) {
      for (TrialSpec spec : study.ask(2)) {
        Map<String, Object> p = spec.params();
        double x = (Double) p.get("x");
        double loss = (x - 0.3) * (x - 0.3);
        double perEpoch = p.get("family").equals("wide") ? 1 + 20 * (Double) p.get("width") : 1;
        double cost = perEpoch * EPOCHS;
        if (spec.trialId() >= 10) {
          seconds += cost;
        }
        best = Math.min(best, loss);
        if (spec.trialId() >= 10 && perEpoch > 5) {
          dearAfterStartup++;
        }
        study.tell(Outcome.finished(spec.trialId(), EPOCHS, loss).costing(cost));
      }
    }
    return new Spent(seconds, best, dearAfterStartup);
  }

  @Test
  void aCostAwareSearchSpendsFarLessOnDearConfigurationsAndFindsAsGoodAPoint() {
    Spent blind = run(false);
    Spent aware = run(true);

    assertThat(aware.secondsAfterStartup()).isLessThan(0.7 * blind.secondsAfterStartup());
    assertThat(aware.dearAfterStartup()).isLessThan(blind.dearAfterStartup());
    assertThat(aware.bestLoss()).isLessThan(1e-3);
    assertThat(blind.bestLoss()).isLessThan(1e-3);
  }

  @Test
  void withoutMeasuredSecondsACostAwareSearchIsTheCostBlindOne() {
    Study blind = study(false, 30);
    Study aware = study(true, 30);
    for (int wave = 0; wave < 15; wave++) {
      List<TrialSpec> a = blind.ask(2);
      List<TrialSpec> b = aware.ask(2);
      assertThat(b).isEqualTo(a);
      for (TrialSpec spec : a) {
        double loss = Math.abs((Double) spec.params().get("x") - 0.3);
        blind.tell(Outcome.finished(spec.trialId(), EPOCHS, loss));
        aware.tell(Outcome.finished(spec.trialId(), EPOCHS, loss));
      }
    }
  }
}
