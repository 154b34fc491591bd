package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.autoglm.testing.Csbm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mini-batches of sampled neighbourhoods: the sampler, the trainer, the plan. */
class SampledTrainingTest {
  private static final GraphSnapshot GRAPH = Csbm.graph(1500, 4, 80, 8, 0.8, 0.4, 11);

  private static TrainSettings settings(TrainSettings.ModelKind model, long seed) {
    return TrainSettings.builder()
        .model(model)
        .hidden(16)
        .dropout(0.5)
        .learningRate(0.01)
        .weightDecay(5e-4)
        .epochs(40)
        .patience(40)
        .seed(seed)
        .build();
  }

  private static TrainSettings sampled(TrainSettings full) {
    return full.toBuilder()
        .batching(TrainSettings.Batching.NEIGHBORS)
        .batchSize(100)
        .fanouts(List.of(10, 5))
        .build();
  }

  @TempDir static Path dir;

  @Test
  void theSamplerTakesAtMostTheFanOutPerNodeAndHopWithTheSeedsFirst() {
    GraphStore store = GraphStore.of(GRAPH, dir.resolve("store"));
    NeighborSampler sampler = new NeighborSampler(store);
    int[] seeds = {0, 7, 42, 99};
    NeighborSampler.Batch batch = sampler.sample(seeds, new int[] {3, 2}, new SplittableRandom(1));
    assertThat(batch.seeds()).isEqualTo(4);
    assertThat(batch.nodes()).startsWith(seeds);
    assertThat(batch.nodes()).doesNotHaveDuplicates();
    int[] inDegree = new int[batch.nodes().length];
    Set<Long> edges = new HashSet<>();
    for (int e = 0; e < batch.edgeSrc().length; e++) {
      inDegree[batch.edgeDst()[e]]++;
      assertThat(edges.add((long) batch.edgeSrc()[e] << 32 | batch.edgeDst()[e]))
          .as("each neighbour once")
          .isTrue();
    }
    for (int i = 0; i < seeds.length; i++) {
      assertThat(inDegree[i]).isEqualTo(Math.min(3, store.degree(seeds[i])));
    }
    for (int i = seeds.length; i < inDegree.length; i++) {
      assertThat(inDegree[i]).isLessThanOrEqualTo(2);
    }
    NeighborSampler.Batch all = sampler.sample(seeds, new int[] {-1}, new SplittableRandom(1));
    assertThat(all.edgeSrc().length)
        .isEqualTo(store.degree(0) + store.degree(7) + store.degree(42) + store.degree(99));
    // The same seed, the same sample.
    NeighborSampler.Batch again = sampler.sample(seeds, new int[] {3, 2}, new SplittableRandom(1));
    assertThat(again.nodes()).isEqualTo(batch.nodes());
    assertThat(again.edgeSrc()).isEqualTo(batch.edgeSrc());
  }

  @Test
  void sampledGcnAndSageLearnAboutAsWellAsFullBatch() {
    for (TrainSettings.ModelKind model :
        List.of(TrainSettings.ModelKind.GCN, TrainSettings.ModelKind.SAGE)) {
      // One seed each: the 10-seed comparison on Cora is bench/sampled.sh's.
      double full = NodeClassificationTrainer.train(GRAPH, settings(model, 1)).testAccuracy();
      double sampled =
          NodeClassificationTrainer.train(GRAPH, sampled(settings(model, 1))).testAccuracy();
      assertThat(full).as("%s full-batch", model).isGreaterThan(0.6);
      assertThat(sampled)
          .as("%s sampled against full-batch %.3f", model, full)
          .isGreaterThan(full - 0.04);
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchesAndTheSameResult() {
    TrainSettings settings =
        sampled(settings(TrainSettings.ModelKind.GCN, 5)).toBuilder().epochs(6).build();
    TrainOutcome first = NodeClassificationTrainer.train(GRAPH, settings);
    TrainOutcome second = NodeClassificationTrainer.train(GRAPH, settings);
    assertThat(second.best()).usingRecursiveComparison().isEqualTo(first.best());
    TrainOutcome other =
        NodeClassificationTrainer.train(GRAPH, settings.toBuilder().seed(6).build());
    assertThat(other.best().valLoss()).isNotEqualTo(first.best().valLoss());
  }

  @Test
  void fullBatchBeyondTheBudgetFailsNamingTheEstimateAndTheSettingAndAutoSamples() {
    TrainSettings tight =
        settings(TrainSettings.ModelKind.GCN, 1).toBuilder().memoryBudgetMb(1).epochs(3).build();
    assertThatThrownBy(() -> NodeClassificationTrainer.train(GRAPH, tight))
        .hasMessageContaining("full-batch training of this graph (1,500 nodes")
        .hasMessageContaining("but the trial's budget is 1 MiB (train.memory_budget_mb)")
        .hasMessageContaining("set train.batching: neighbors (or auto)");
    assertThat(
            BatchPlan.resolve(
                BatchPlan.GraphSize.of(GRAPH),
                tight.toBuilder().batching(TrainSettings.Batching.AUTO).build()))
        .isEqualTo(TrainSettings.Batching.NEIGHBORS);
    assertThat(
            BatchPlan.resolve(
                BatchPlan.GraphSize.of(GRAPH),
                settings(TrainSettings.ModelKind.GCN, 1).toBuilder()
                    .batching(TrainSettings.Batching.AUTO)
                    .build()))
        .isEqualTo(TrainSettings.Batching.FULL);
  }
}
