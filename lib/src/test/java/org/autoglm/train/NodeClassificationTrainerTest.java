package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.autoglm.graph.GraphSnapshot;
import org.autoglm.testing.TwoRings;
import org.junit.jupiter.api.Test;

class NodeClassificationTrainerTest {
  private static GraphSnapshot twoRings() {
    return TwoRings.graph();
  }

  private static TrainSettings settings(double lr, double dropout, int epochs, long seed) {
    return TrainSettings.builder()
        .hidden(8)
        .dropout(dropout)
        .learningRate(lr)
        .epochs(epochs)
        .patience(epochs)
        .seed(seed)
        .featureNorm(TrainSettings.FeatureNorm.NONE)
        .build();
  }

  @Test
  void learnsClassesThroughTheGraph() {
    TrainOutcome outcome = NodeClassificationTrainer.train(twoRings(), settings(0.05, 0, 100, 1));
    assertThat(outcome.diverged()).isFalse();
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(outcome.epochsRun()).isEqualTo(100);
  }

  @Test
  void sameSeedGivesTheSameResultToTheLastDigit() {
    GraphSnapshot graph = twoRings();
    TrainOutcome first = NodeClassificationTrainer.train(graph, settings(0.05, 0.5, 60, 7));
    TrainOutcome second = NodeClassificationTrainer.train(graph, settings(0.05, 0.5, 60, 7));
    assertThat(second.valAccuracy()).isEqualTo(first.valAccuracy());
    assertThat(second.testAccuracy()).isEqualTo(first.testAccuracy());
    assertThat(second.bestEpoch()).isEqualTo(first.bestEpoch());
  }

  @Test
  void absurdLearningRateDivergesAndSaysSo() {
    TrainOutcome outcome = NodeClassificationTrainer.train(twoRings(), settings(1e30, 0, 50, 3));
    assertThat(outcome.diverged()).isTrue();
    assertThat(outcome.epochsRun()).isLessThan(50);
  }
}
