package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.autoglm.graph.GraphSnapshot;
import org.autoglm.graph.GraphSnapshot.Split;
import org.junit.jupiter.api.Test;

class NodeClassificationTrainerTest {
  /**
   * Two rings of 20 nodes. A node's one feature names its ring for 70 % of nodes and the other ring
   * for 30 % (features alone: 70 % accuracy); a node's neighbourhood names it by majority.
   */
  private static GraphSnapshot twoRings() {
    int perRing = 20;
    GraphSnapshot.Builder b = GraphSnapshot.builder(2 * perRing, 3, List.of("left", "right"));
    for (int ring = 0; ring < 2; ring++) {
      for (int i = 0; i < perRing; i++) {
        Split split = i < 2 ? Split.TRAIN : i < 6 ? Split.VAL : Split.TEST;
        boolean misleading = i % 10 == 3 || i % 10 == 7 || i % 10 == 9;
        int feature = misleading ? 1 - ring : ring;
        b.addNode(ring, split, new int[] {feature, 2}, new float[] {1f, 1f});
      }
    }
    for (int ring = 0; ring < 2; ring++) {
      for (int i = 0; i < perRing; i++) {
        int node = ring * perRing + i;
        b.addEdge(node, ring * perRing + (i + 1) % perRing);
        b.addEdge(node, ring * perRing + (i + 2) % perRing);
      }
    }
    return b.build("two-rings");
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
