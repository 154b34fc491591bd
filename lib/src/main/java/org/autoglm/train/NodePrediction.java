package org.autoglm.train;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.autoglm.random.Seeds;

/**
 * Class probabilities of target nodes from a trained model, read from a {@link GraphStore} a batch
 * at a time as {@link NodeScoring} plans it: what one prediction task does for its range of nodes.
 * A sampled batch is {@code batch_size} consecutive targets, seeded by the model's seed and its
 * first target, so a node's score depends on its batch, not on which task scored it. An exact batch
 * is at most {@code batch_size} consecutive targets whose neighbourhoods fit {@link
 * #EXACT_BATCH_CELLS}: a task's memory is bounded by that, whatever the graph's degrees.
 */
public final class NodePrediction {
  private static final long PREDICT_STREAM = 0x9E1CL;

  /**
   * Feature cells (rows × feature columns) an exact batch gathers at most: 64 MB as floats, which a
   * batch holds about four times over (the rows, their dense matrix, the engine's copy, a layer's
   * output). At degree 20 and 128 features a 2-hop batch is about 310 targets.
   */
  static final long EXACT_BATCH_CELLS = 16L << 20;

  private NodePrediction() {}

  /** A row of probabilities per target, in the targets' order, one flat row-major array. */
  public static float[] probabilities(
      GraphStore store, TrainSettings settings, Checkpoint checkpoint, int[] targets) {
    return probabilities(store, settings, checkpoint, targets, EXACT_BATCH_CELLS);
  }

  /** As above, exact batches within {@code batchCells} feature cells. */
  static float[] probabilities(
      GraphStore store,
      TrainSettings settings,
      Checkpoint checkpoint,
      int[] targets,
      long batchCells) {
    NodeScoring scoring = NodeScoring.of(settings);
    int[] fanouts = scoring.fanouts().stream().mapToInt(Integer::intValue).toArray();
    int classes = store.numClasses();
    float[] rows = new float[targets.length * classes];
    if (targets.length == 0) {
      return rows;
    }
    NeighborSampler sampler = new NeighborSampler(store);
    WalkSampler walks = new WalkSampler(store);
    int[] starts =
        scoring.exact()
            ? exactBatchStarts(store, targets, fanouts.length, settings.batchSize(), batchCells)
            : everyNth(targets.length, settings.batchSize());
    IntFunction<GraphSnapshot> batchAt =
        b -> {
          int[] seeds = Arrays.copyOfRange(targets, starts[b], starts[b + 1]);
          long seed = Seeds.mix(Seeds.mix(settings.seed(), seeds[0]), PREDICT_STREAM);
          return SampledSteps.surroundings(sampler, walks, scoring.mode(), seeds, fanouts, seed);
        };
    return DjlRuntime.onThisThread(
        settings.threads(),
        () -> {
          try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(settings.device()))) {
            // Built outside any batch's scope, which would free its weights with the batch; the
            // first batch, sampled for it, is scored with the others.
            GraphSnapshot first = batchAt.apply(0);
            GnnModel model =
                new GnnModel(
                    manager, new GraphTensors(manager, first, settings.featureNorm()), settings);
            NodeClassificationTrainer.restore(
                model.parameters(), checkpoint.bestParameters(), "parameters");
            for (int b = 0; b + 1 < starts.length; b++) {
              SampledSteps.scoreInto(
                  model,
                  manager,
                  b == 0 ? first : batchAt.apply(b),
                  settings.featureNorm(),
                  rows,
                  starts[b],
                  starts[b + 1] - starts[b]);
              NativeHeap.giveBackFreePagesNowAndThen();
            }
            NodeClassificationTrainer.softmaxRows(rows, classes);
            return rows;
          }
        });
  }

  /** Batch starts every {@code size} targets, then the end. */
  private static int[] everyNth(int targets, int size) {
    int[] starts = new int[(targets + size - 1) / size + 1];
    for (int b = 0; b < starts.length; b++) {
      starts[b] = Math.min(targets, b * size);
    }
    return starts;
  }

  /**
   * Batch starts (then the end) for exact scoring within {@code hops}: consecutive targets, at most
   * {@code maxTargets} a batch, while the rows their neighbourhoods gather, counted with repeats
   * (an upper bound), times the feature columns stay within {@code batchCells}; a batch has at
   * least one target.
   */
  static int[] exactBatchStarts(
      GraphStore store, int[] targets, int hops, int maxTargets, long batchCells) {
    long rowBudget = Math.max(1, batchCells / Math.max(1, store.numFeatures()));
    IntArray starts = new IntArray();
    starts.add(0);
    long rows = 0;
    int inBatch = 0;
    for (int t = 0; t < targets.length; t++) {
      long reach = neighbourhoodRows(store, targets[t], hops);
      if (inBatch > 0 && (inBatch == maxTargets || rows + reach > rowBudget)) {
        starts.add(t);
        rows = 0;
        inBatch = 0;
      }
      rows += reach;
      inBatch++;
    }
    starts.add(targets.length);
    return starts.toArray();
  }

  /** Rows within {@code hops} of {@code node}, counted with repeats: 1, + degree, + theirs. */
  static long neighbourhoodRows(GraphStore store, int node, int hops) {
    long rows = 1;
    if (hops >= 1) {
      int degree = store.degree(node);
      rows += degree;
      if (hops >= 2) {
        long at = store.neighbourStart(node);
        for (int k = 0; k < degree; k++) {
          rows += store.degree(store.neighbour(at + k));
        }
      }
    }
    return rows;
  }
}
