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

/** Mini-batches of sampled neighbourhoods and subgraphs: the samplers, the trainer, the plan. */
class SampledTrainingTest {
  private static final GraphSnapshot GRAPH = Csbm.graph(1500, 4, 80, 8, 0.8, 0.4, 11);

  private static TrainSettings settings(TrainSettings.ModelKind model, long seed) {
    return TrainSettings.builder()
        .set(TrainSettings::model, model)
        .set(TrainSettings::hidden, 16)
        .set(TrainSettings::dropout, 0.5)
        .set(TrainSettings::learningRate, 0.01)
        .set(TrainSettings::weightDecay, 5e-4)
        .set(TrainSettings::epochs, 40)
        .set(TrainSettings::patience, 40)
        .set(TrainSettings::seed, seed)
        .build();
  }

  private static TrainSettings sampled(TrainSettings full) {
    return full.toBuilder()
        .set(TrainSettings::batching, TrainSettings.Batching.NEIGHBORS)
        .set(TrainSettings::batchSize, 100)
        .set(TrainSettings::fanouts, List.of(10, 5))
        .build();
  }

  private static TrainSettings subgraphs(TrainSettings full) {
    return full.toBuilder()
        .set(TrainSettings::batching, TrainSettings.Batching.SUBGRAPH)
        .set(TrainSettings::batchSize, 50)
        .set(TrainSettings::walkLength, 3)
        .set(TrainSettings::fanouts, List.of(10, 5))
        .build();
  }

  @TempDir static Path dir;

  private static GraphStore store() {
    return GraphStore.of(GRAPH, dir.resolve("store-" + System.nanoTime()));
  }

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
  void walksStayOnTheGraphAndTheirSubgraphHasEveryEdgeAmongItsNodes() {
    GraphStore store = store();
    WalkSampler walks = new WalkSampler(store);
    int[] roots = {3, 17, 256, 1024};
    int[] nodes = walks.walk(roots, 4, new SplittableRandom(2));
    assertThat(nodes).startsWith(roots).doesNotHaveDuplicates();
    assertThat(nodes.length).isBetween(roots.length + 1, roots.length * 5);
    Set<Integer> visited = new HashSet<>();
    for (int node : nodes) {
      visited.add(node);
    }
    for (int i = roots.length; i < nodes.length; i++) {
      int node = nodes[i];
      boolean reached = false;
      for (int k = 0; k < store.degree(node); k++) {
        reached |= visited.contains(store.neighbour(store.neighbourStart(node) + k));
      }
      assertThat(reached).as("node %d is a neighbour of a visited node", node).isTrue();
    }
    assertThat(walks.walk(roots, 4, new SplittableRandom(2))).isEqualTo(nodes);

    GraphSnapshot induced = walks.induced(nodes, i -> i < roots.length);
    int expected = 0;
    for (int node : nodes) {
      for (int k = 0; k < store.degree(node); k++) {
        expected += visited.contains(store.neighbour(store.neighbourStart(node) + k)) ? 1 : 0;
      }
    }
    assertThat(induced.numEdges())
        .as("each undirected edge among the nodes once")
        .isEqualTo(expected / 2);
    assertThat(induced.numNodes()).isEqualTo(nodes.length);
    assertThat(induced.split(0)).isEqualTo(store.split(roots[0]));
    assertThat(induced.split(nodes.length - 1)).isEqualTo(GraphSnapshot.Split.NONE);
  }

  @Test
  void subgraphLossWeightsAreAnUnbiasedEstimateOfTheTrainingMeanWithHubsWeighingLess() {
    // GraphSAINT's normaliser: over the sampler's subgraphs the training nodes' weights add up to
    // one on average (the loss estimates the mean over all training nodes); a node that walks
    // reach often weighs less.
    TrainSettings settings =
        subgraphs(settings(TrainSettings.ModelKind.GCN, 3)).toBuilder()
            .set(TrainSettings::sampleCoverage, 20)
            .build();
    GraphStore store = store();
    SampledSteps steps = new SampledSteps(store, settings, TrainSettings.Batching.SUBGRAPH);
    double total = 0;
    int batches = 0;
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      for (int epoch = 1; epoch <= 20; epoch++) {
        for (int batch = 0; batch < steps.batches(); batch++) {
          total -= steps.trainingBatch(manager, epoch, batch).trainLossWeights.sum().getFloat();
          batches++;
        }
      }
    }
    assertThat(total / batches).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));

    int[] train = store.labelledNodes(GraphSnapshot.Split.TRAIN);
    int hub = train[0];
    int leaf = train[0];
    for (int node : train) {
      hub = store.degree(node) > store.degree(hub) ? node : hub;
      leaf = store.degree(node) < store.degree(leaf) ? node : leaf;
    }
    float[] weights = steps.lossWeights(new int[] {hub, leaf});
    assertThat(weights[0])
        .as("a hub (degree %d) against a leaf (degree %d)", store.degree(hub), store.degree(leaf))
        .isLessThan(weights[1]);
  }

  @Test
  void withEveryNeighbourSampledAGcnScoresANodeExactlyAsOnTheWholeGraph() {
    // Two layers, both hops taking all neighbours: a seed's output needs nothing beyond its batch,
    // provided the batch normalises by the nodes' degrees in the graph, not in the batch.
    TrainSettings settings =
        sampled(settings(TrainSettings.ModelKind.GCN, 4)).toBuilder()
            .set(TrainSettings::fanouts, List.of(-1, -1))
            .set(TrainSettings::epochs, 5)
            .build();
    TrainRun run = NodeClassificationTrainer.run(GRAPH, settings, EpochCheck.NEVER, null);
    float[][] whole =
        NodeClassificationTrainer.classProbabilities(GRAPH, settings, run.checkpoint());
    float[] sampled =
        NodeClassificationTrainer.sampledProbabilities(
            store(),
            settings,
            TrainSettings.Batching.NEIGHBORS,
            run.checkpoint(),
            GraphSnapshot.Split.VAL);
    int[] val = GRAPH.labelledNodes(GraphSnapshot.Split.VAL);
    int classes = GRAPH.numClasses();
    for (int i = 0; i < val.length; i++) {
      for (int c = 0; c < classes; c++) {
        assertThat(sampled[i * classes + c])
            .as("node %d class %d", val[i], c)
            .isCloseTo(whole[val[i]][c], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
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
  void theDeepAndPropagationModelsTrainOnSubgraphsAboutAsWellAsFullBatch() {
    for (TrainSettings.ModelKind model :
        List.of(TrainSettings.ModelKind.APPNP, TrainSettings.ModelKind.GCNII)) {
      TrainSettings full = settings(model, 1).toBuilder().set(TrainSettings::layers, 4).build();
      double fullBatch = NodeClassificationTrainer.train(GRAPH, full).testAccuracy();
      TrainOutcome sampled = NodeClassificationTrainer.train(GRAPH, subgraphs(full));
      assertThat(sampled.batching()).isEqualTo(TrainSettings.Batching.SUBGRAPH);
      assertThat(fullBatch).as("%s full-batch", model).isGreaterThan(0.6);
      assertThat(sampled.testAccuracy())
          .as("%s on subgraphs against full-batch %.3f", model, fullBatch)
          .isGreaterThan(fullBatch - 0.04);
    }
  }

  @Test
  void anEnsembleOfSampledRunsScoresEachMemberAsItsTrialDidWithoutLoadingTheGraph() {
    TrainSettings neighbors =
        sampled(settings(TrainSettings.ModelKind.GCN, 2)).toBuilder()
            .set(TrainSettings::epochs, 10)
            .build();
    TrainSettings walks =
        subgraphs(settings(TrainSettings.ModelKind.APPNP, 2)).toBuilder()
            .set(TrainSettings::epochs, 10)
            .build();
    TrainRun first = NodeClassificationTrainer.run(GRAPH, neighbors, EpochCheck.NEVER, null);
    TrainRun second = NodeClassificationTrainer.run(GRAPH, walks, EpochCheck.NEVER, null);
    GraphStore store = store();
    java.util.function.Supplier<GraphSnapshot> notLoaded =
        () -> {
          throw new AssertionError("a sampled member loaded the whole graph");
        };
    for (TrainRun run : List.of(first, second)) {
      TrainSettings settings = run == first ? neighbors : walks;
      SoftVoting.Scores alone =
          SoftVoting.score(
              BatchPlan.GraphSize.of(GRAPH),
              notLoaded,
              () -> store,
              List.of(new SoftVoting.Member(settings, run.checkpoint())),
              "accuracy");
      assertThat(alone.valAccuracy()).isEqualTo(run.outcome().valAccuracy());
      assertThat(alone.testAccuracy()).isEqualTo(run.outcome().testAccuracy());
    }
    SoftVoting.Scores both =
        SoftVoting.score(
            BatchPlan.GraphSize.of(GRAPH),
            notLoaded,
            () -> store,
            List.of(
                new SoftVoting.Member(neighbors, first.checkpoint()),
                new SoftVoting.Member(walks, second.checkpoint())),
            "accuracy");
    assertThat(both.testAccuracy()).isGreaterThan(0.6);
  }

  @Test
  void theSameSeedGivesTheSameBatchesAndTheSameResult() {
    for (TrainSettings settings :
        List.of(
            sampled(settings(TrainSettings.ModelKind.GCN, 5)),
            subgraphs(settings(TrainSettings.ModelKind.APPNP, 5)))) {
      settings = settings.toBuilder().set(TrainSettings::epochs, 6).build();
      TrainOutcome first = NodeClassificationTrainer.train(GRAPH, settings);
      TrainOutcome second = NodeClassificationTrainer.train(GRAPH, settings);
      assertThat(second.best()).usingRecursiveComparison().isEqualTo(first.best());
      TrainOutcome other =
          NodeClassificationTrainer.train(
              GRAPH, settings.toBuilder().set(TrainSettings::seed, 6).build());
      assertThat(other.best().valLoss()).isNotEqualTo(first.best().valLoss());
    }
  }

  @Test
  void fullBatchBeyondTheBudgetFailsNamingTheEstimateAndTheSettingAndAutoSamples() {
    TrainSettings tight =
        settings(TrainSettings.ModelKind.GCN, 1).toBuilder()
            .set(TrainSettings::memoryBudgetMb, 1)
            .set(TrainSettings::epochs, 3)
            .build();
    assertThatThrownBy(() -> NodeClassificationTrainer.train(GRAPH, tight))
        .hasMessageContaining("full-batch training of this graph (1,500 nodes")
        .hasMessageContaining("but the trial's budget is 1 MiB (train.memory_budget_mb)")
        .hasMessageContaining("set train.batching: neighbors (or auto)");
    assertThat(underAuto(tight)).isEqualTo(TrainSettings.Batching.NEIGHBORS);
    assertThat(underAuto(settings(TrainSettings.ModelKind.GCN, 1)))
        .isEqualTo(TrainSettings.Batching.FULL);
    // The models that propagate over many hops sample subgraphs, and the error says so.
    TrainSettings deep =
        tight.toBuilder().set(TrainSettings::model, TrainSettings.ModelKind.APPNP).build();
    assertThatThrownBy(() -> NodeClassificationTrainer.train(GRAPH, deep))
        .hasMessageContaining("set train.batching: subgraph (or auto)");
    assertThat(underAuto(deep)).isEqualTo(TrainSettings.Batching.SUBGRAPH);
  }

  /** How {@code settings} would batch on the test graph with {@code batching: auto}. */
  private static TrainSettings.Batching underAuto(TrainSettings settings) {
    return BatchPlan.resolve(
        BatchPlan.GraphSize.of(GRAPH),
        settings.toBuilder().set(TrainSettings::batching, TrainSettings.Batching.AUTO).build());
  }
}
