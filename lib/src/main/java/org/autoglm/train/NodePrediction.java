package org.autoglm.train;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.function.IntFunction;
import org.autoglm.random.Seeds;

/**
 * Class probabilities of target nodes from a trained model, read from a {@link GraphStore} a batch
 * at a time as {@link NodeScoring} plans it: what one prediction task does for its range of nodes.
 * A batch is {@code batch_size} consecutive targets; a sampled batch is seeded by the model's seed
 * and its first target, so a node's score depends on its batch, not on which task scored it.
 */
public final class NodePrediction {
  private static final long PREDICT_STREAM = 0x9E1CL;

  private NodePrediction() {}

  /** A row of probabilities per target, in the targets' order, one flat row-major array. */
  public static float[] probabilities(
      GraphStore store, TrainSettings settings, Checkpoint checkpoint, int[] targets) {
    NodeScoring scoring = NodeScoring.of(settings);
    int[] fanouts = scoring.fanouts().stream().mapToInt(Integer::intValue).toArray();
    int classes = store.numClasses();
    float[] rows = new float[targets.length * classes];
    if (targets.length == 0) {
      return rows;
    }
    NeighborSampler sampler = new NeighborSampler(store);
    WalkSampler walks = new WalkSampler(store);
    int size = settings.batchSize();
    IntFunction<GraphSnapshot> batchAt =
        from -> {
          int[] seeds = Arrays.copyOfRange(targets, from, Math.min(targets.length, from + size));
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
            for (int from = 0; from < targets.length; from += size) {
              SampledSteps.scoreInto(
                  model,
                  manager,
                  from == 0 ? first : batchAt.apply(from),
                  settings.featureNorm(),
                  rows,
                  from,
                  Math.min(size, targets.length - from));
            }
            NodeClassificationTrainer.softmaxRows(rows, classes);
            return rows;
          }
        });
  }
}
