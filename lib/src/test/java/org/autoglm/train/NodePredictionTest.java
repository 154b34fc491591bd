package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.autoglm.testing.Csbm;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Prediction from the local store, a batch of targets at a time: models that reach two hops score
 * every node exactly as on the whole graph, whatever the targets' split; deeper ones are sampled,
 * and the same batches give the same scores in any split into tasks.
 */
class NodePredictionTest {
  private static final GraphSnapshot GRAPH = Csbm.graph(600, 3, 40, 6, 0.8, 0.5, 5);

  @TempDir static Path dir;
  private static GraphStore store;

  @BeforeAll
  static void buildTheStore() {
    store = GraphStore.of(GRAPH, dir.resolve("store"));
  }

  private static TrainSettings settings(ModelKind model) {
    return TrainSettings.builder()
        .set(TrainSettings::model, model)
        .set(TrainSettings::hidden, 8)
        .set(TrainSettings::heads, 2)
        .set(TrainSettings::epochs, 8)
        .set(TrainSettings::patience, 8)
        .set(TrainSettings::batchSize, 64)
        .set(TrainSettings::seed, 3L)
        .build();
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelKind.class,
      names = {"GCN", "SAGE", "GAT", "SGC", "MLP"})
  void aModelOfTwoHopsScoresEveryNodeAsOnTheWholeGraphInAnySplit(ModelKind model) {
    TrainSettings settings = settings(model);
    assertThat(NodeScoring.of(settings).exact()).isTrue();
    TrainRun run = NodeClassificationTrainer.run(GRAPH, settings, EpochCheck.NEVER, null);
    float[][] whole =
        NodeClassificationTrainer.classProbabilities(GRAPH, settings, run.checkpoint());
    int classes = GRAPH.numClasses();
    // Two tasks' ranges, cut anywhere: 0..250 and 250..600; the second's batches cut by a row
    // budget of 300 rows instead of 64 targets.
    for (int[] range : new int[][] {{0, 250}, {250, GRAPH.numNodes()}}) {
      int[] targets = IntStream.range(range[0], range[1]).toArray();
      long cells = range[0] == 0 ? NodePrediction.EXACT_BATCH_CELLS : 300L * GRAPH.numFeatures();
      float[] scored =
          NodePrediction.probabilities(store, settings, run.checkpoint(), targets, cells);
      for (int i = 0; i < targets.length; i++) {
        for (int c = 0; c < classes; c++) {
          assertThat(scored[i * classes + c])
              .as("%s node %d class %d", model, targets[i], c)
              .isCloseTo(whole[targets[i]][c], offset(1e-5f));
        }
      }
    }
  }

  @Test
  void exactBatchesGatherNoMoreRowsThanTheirBudgetWhateverTheDegrees() {
    int[] targets = IntStream.range(0, GRAPH.numNodes()).toArray();
    long rowBudget = 300;
    int[] starts =
        NodePrediction.exactBatchStarts(store, targets, 2, 64, rowBudget * GRAPH.numFeatures());
    assertThat(starts[0]).isZero();
    assertThat(starts[starts.length - 1]).isEqualTo(targets.length);
    for (int b = 0; b + 1 < starts.length; b++) {
      int size = starts[b + 1] - starts[b];
      long rows = 0;
      for (int t = starts[b]; t < starts[b + 1]; t++) {
        rows += NodePrediction.neighbourhoodRows(store, targets[t], 2);
      }
      assertThat(size).as("batch %d", b).isBetween(1, 64);
      if (size > 1) {
        assertThat(rows).as("batch %d's rows", b).isLessThanOrEqualTo(rowBudget);
      }
    }
    // The budget, not the 64 targets, cuts them here: a 2-hop neighbourhood is dozens of rows.
    assertThat(starts.length - 1).isGreaterThan(targets.length / 64 + 1);
  }

  @Test
  void deeperModelsAreSampledAndTheSameBatchesScoreTheSameInAnySplit() {
    TrainSettings appnp =
        settings(ModelKind.APPNP).toBuilder()
            .set(TrainSettings::hops, 10)
            .set(TrainSettings::fanouts, List.of(5, 5))
            .build();
    NodeScoring scoring = NodeScoring.of(appnp);
    assertThat(scoring.exact()).isFalse();
    assertThat(scoring.mode()).isEqualTo(TrainSettings.Batching.SUBGRAPH);
    assertThat(scoring.fanouts()).containsExactly(5, 5);
    assertThat(
            NodeScoring.of(
                    settings(ModelKind.JKNET).toBuilder().set(TrainSettings::layers, 4).build())
                .exact())
        .as("JKNet of 4 layers reaches 3 hops")
        .isFalse();

    TrainRun run = NodeClassificationTrainer.run(GRAPH, appnp, EpochCheck.NEVER, null);
    int[] all = IntStream.range(0, GRAPH.numNodes()).toArray();
    float[] oneTask = NodePrediction.probabilities(store, appnp, run.checkpoint(), all);
    // Cut at a multiple of the batch size, as Predictor cuts sampled members' ranges.
    int cut = 4 * appnp.batchSize();
    float[] first =
        NodePrediction.probabilities(
            store, appnp, run.checkpoint(), Arrays.copyOfRange(all, 0, cut));
    float[] second =
        NodePrediction.probabilities(
            store, appnp, run.checkpoint(), Arrays.copyOfRange(all, cut, all.length));
    float[] twoTasks = new float[oneTask.length];
    System.arraycopy(first, 0, twoTasks, 0, first.length);
    System.arraycopy(second, 0, twoTasks, first.length, second.length);
    assertThat(twoTasks).containsExactly(oneTask);
    // Sampled, yet close to the whole graph's scores on most nodes: the right model, bound right.
    float[][] whole = NodeClassificationTrainer.classProbabilities(GRAPH, appnp, run.checkpoint());
    int classes = GRAPH.numClasses();
    long agree =
        IntStream.range(0, all.length)
            .filter(n -> argmax(oneTask, n * classes, classes) == argmax(whole[n], 0, classes))
            .count();
    assertThat(agree).isGreaterThan(all.length * 8L / 10);
  }

  private static int argmax(float[] row, int from, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      best = row[from + c] > row[from + best] ? c : best;
    }
    return best;
  }
}
