package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.autoglm.train.BatchPlan;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.Test;

/** How prediction spreads a graph's nodes over tasks. */
class PredictorPlanTest {
  @Test
  void nodesAreSplitOverAtLeastTheParallelismAndAtMostPerTaskNodesEach() {
    assertThat(Predictor.bounds(10, 2, 100, 1)).containsExactly(0, 5, 10);
    assertThat(Predictor.bounds(1_000, 2, 300, 1)).containsExactly(0, 250, 500, 750, 1_000);
    assertThat(Predictor.bounds(3, 8, 100, 1)).containsExactly(0, 1, 2, 3);
    // Sampled members: cut at multiples of the batch size.
    assertThat(Predictor.bounds(1_000, 2, 300, 64)).containsExactly(0, 256, 512, 768, 1_000);
  }

  @Test
  void oneTaskScoresTheWholeGraphOnlyForADeepModelThatFitsItsBudget() {
    BatchPlan.GraphSize small = new BatchPlan.GraphSize(2_000, 8_000, 100, 10_000, 5);
    BatchPlan.GraphSize huge = new BatchPlan.GraphSize(50_000_000, 500_000_000, 100, -1, 5);
    TrainSettings gcn = TrainSettings.builder().build();
    TrainSettings appnp =
        TrainSettings.builder()
            .set(TrainSettings::model, ModelKind.APPNP)
            .set(TrainSettings::hops, 10)
            .build();
    assertThat(Predictor.scoresWholeGraph(small, List.of(gcn)))
        .as("exact from neighbourhoods")
        .isFalse();
    assertThat(Predictor.scoresWholeGraph(small, List.of(appnp))).isTrue();
    assertThat(Predictor.scoresWholeGraph(huge, List.of(appnp)))
        .as("over budget: sampled")
        .isFalse();
  }
}
