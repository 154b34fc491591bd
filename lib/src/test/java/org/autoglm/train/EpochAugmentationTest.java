package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.autoglm.testing.TwoRings;
import org.junit.jupiter.api.Test;

class EpochAugmentationTest {
  private static final GraphSnapshot RINGS = TwoRings.graph();

  private static TrainSettings augmenting(double dropEdge, double featureMask, double dropNode) {
    return TrainSettings.builder()
        .set(TrainSettings::dropEdge, dropEdge)
        .set(TrainSettings::featureMask, featureMask)
        .set(TrainSettings::dropNode, dropNode)
        .set(TrainSettings::seed, 7)
        .build();
  }

  @Test
  void bothDirectionsOfAnEdgeAreDroppedTogetherAndSelfLoopsNever() {
    withTensors(
        tensors -> {
          EpochAugmentation draw = EpochAugmentation.draw(augmenting(0.5, 0, 0), tensors, 3);
          float[] entries = tensors.edgeEntryFactors(draw.edges(), true);
          float[] mask = tensors.edgeEntryFactors(draw.edgeMask(), true);
          int directed = entries.length - tensors.numNodes;
          assertThat(directed).isEqualTo(2 * tensors.numUndirectedEdges);
          // Sum over directed entries counts each kept undirected edge twice, at 1 / (1 - 0.5).
          double kept = 0;
          for (float edge : draw.edges()) {
            assertThat(edge).isIn(0f, 2f);
            kept += edge;
          }
          double directedSum = 0;
          for (int k = 0; k < directed; k++) {
            directedSum += entries[k];
            assertThat(mask[k]).isEqualTo(entries[k] > 0 ? 1f : 0f);
          }
          assertThat(directedSum).isCloseTo(2 * kept, within(1e-3));
          for (int k = directed; k < entries.length; k++) {
            assertThat(entries[k]).isEqualTo(1f);
          }
          assertThat(kept / 2 / tensors.numUndirectedEdges).isStrictlyBetween(0.2, 0.8);
        });
  }

  @Test
  void masksAndDroppedNodesZeroWholeColumnsAndRows() {
    withTensors(
        tensors -> {
          EpochAugmentation draw = EpochAugmentation.draw(augmenting(0, 0.5, 0.5), tensors, 1);
          float[] factors = tensors.featureEntryFactors(draw.nodes(), draw.columns());
          int k = 0;
          for (int node = 0; node < RINGS.numNodes(); node++) {
            for (int e = RINGS.featureRowStart(node); e < RINGS.featureRowStart(node + 1); e++) {
              float expected = draw.nodes()[node] * draw.columns()[RINGS.featureColumn(e)];
              assertThat(factors[k++]).isEqualTo(expected).isIn(0f, 2f, 4f);
            }
          }
          assertThat(draw.edges()).isNull();
        });
  }

  @Test
  void drawsDependOnSeedAndEpochOnlyAndEachAugmentationHasItsOwnStream() {
    withTensors(
        tensors -> {
          TrainSettings all = augmenting(0.3, 0.3, 0.3);
          EpochAugmentation first = EpochAugmentation.draw(all, tensors, 5);
          assertThat(EpochAugmentation.draw(all, tensors, 5))
              .usingRecursiveComparison()
              .isEqualTo(first);
          assertThat(EpochAugmentation.draw(all, tensors, 6).edges()).isNotEqualTo(first.edges());
          assertThat(
                  EpochAugmentation.draw(
                          all.toBuilder().set(TrainSettings::seed, 8).build(), tensors, 5)
                      .edges())
              .isNotEqualTo(first.edges());
          // Turning node dropping off changes no other draw.
          EpochAugmentation withoutNodes =
              EpochAugmentation.draw(augmenting(0.3, 0.3, 0), tensors, 5);
          assertThat(withoutNodes.nodes()).isNull();
          assertThat(withoutNodes.edges()).isEqualTo(first.edges());
          assertThat(withoutNodes.columns()).isEqualTo(first.columns());
          assertThat(EpochAugmentation.draw(augmenting(0, 0, 0), tensors, 5))
              .usingRecursiveComparison()
              .isEqualTo(EpochAugmentation.NONE);
        });
  }

  @Test
  void augmentationChangesTrainingButNotWhatASeedDecides() {
    TrainSettings plain =
        TrainSettings.builder().set(TrainSettings::epochs, 20).set(TrainSettings::seed, 3).build();
    TrainSettings dropping = plain.toBuilder().set(TrainSettings::dropEdge, 0.4).build();
    TrainRun a = NodeClassificationTrainer.run(RINGS, dropping, EpochCheck.NEVER, null);
    TrainRun b = NodeClassificationTrainer.run(RINGS, dropping, EpochCheck.NEVER, null);
    TrainRun none = NodeClassificationTrainer.run(RINGS, plain, EpochCheck.NEVER, null);
    assertThat(b.checkpoint().parameters()).isDeepEqualTo(a.checkpoint().parameters());
    assertThat(none.checkpoint().parameters()).isNotEqualTo(a.checkpoint().parameters());
  }

  private interface TensorCheck {
    void check(GraphTensors tensors);
  }

  private static void withTensors(TensorCheck check) {
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            check.check(new GraphTensors(manager, RINGS, TrainSettings.FeatureNorm.NONE));
          }
          return null;
        });
  }
}
