package org.autoglm.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.autoglm.search.sampler.Seeds;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * The steps of a trial that samples neighbourhoods ({@code batching: neighbors}): each epoch the
 * training nodes in a seeded order, cut into batches of {@code batch_size} seeds, each batch the
 * subgraph {@link NeighborSampler} samples around them; the model runs on it and the loss counts
 * its training seeds. Validation and test nodes are scored the same way, in batches, on
 * neighbourhoods sampled once per trial (so every epoch is judged on the same sample, and early
 * stopping compares like with like); test once per run, on the best epoch's weights.
 */
final class SampledSteps {
  private static final long ORDER_STREAM = 0x0DE5L;
  private static final long SAMPLE_STREAM = 0x5A3BL;
  private static final long EVAL_STREAM = 0xE7A1L;

  private final GraphStore graph;
  private final TrainSettings settings;
  private final NeighborSampler sampler;
  private final int[] fanouts;
  private final int[] train;
  private final int[] val;
  private final int[] test;
  private int orderEpoch = -1;
  private int[] order;

  SampledSteps(GraphStore graph, TrainSettings settings) {
    this.graph = graph;
    this.settings = settings;
    this.sampler = new NeighborSampler(graph);
    this.fanouts = settings.fanouts().stream().mapToInt(Integer::intValue).toArray();
    this.train = graph.labelledNodes(Split.TRAIN);
    if (train.length == 0) {
      throw new IllegalArgumentException(GraphTensors.NO_TRAINING_NODES);
    }
    this.val = graph.labelledNodes(Split.VAL);
    this.test = graph.labelledNodes(Split.TEST);
  }

  int batches() {
    return (train.length + settings.batchSize() - 1) / settings.batchSize();
  }

  /** A batch to build the model on: its shapes are the graph's (features, classes). */
  GraphTensors firstBatch(NDManager manager) {
    return trainingBatch(manager, 1, 0);
  }

  /** Batch {@code batch} of epoch {@code epoch}, decided by the seed, the epoch and the batch. */
  GraphTensors trainingBatch(NDManager manager, int epoch, int batch) {
    if (orderEpoch != epoch) {
      order = shuffled(train, Seeds.mix(Seeds.mix(settings.seed(), epoch), ORDER_STREAM));
      orderEpoch = epoch;
    }
    int from = batch * settings.batchSize();
    int[] seeds =
        Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batchSize()));
    long seed = Seeds.mix(Seeds.mix(Seeds.mix(settings.seed(), epoch), batch), SAMPLE_STREAM);
    return tensors(manager, seeds, seed);
  }

  /** The epoch's validation scores; test is scored once, on the best weights ({@link #test}). */
  EpochScores validate(int epoch, GnnModel model, NDManager manager, NodeEvaluator evaluator) {
    float[] logits = logits(model, manager, val, 0);
    return NodeClassificationTrainer.scores(
        epoch, logits, graph.numClasses(), rows(0, val.length), new int[0], labels(val), evaluator);
  }

  /**
   * {@code best} with the test scores of the model's current weights (the best epoch's): scored
   * once per run, not at every improving epoch, since the test split may be most of the graph.
   */
  EpochScores test(EpochScores best, GnnModel model, NDManager manager, NodeEvaluator evaluator) {
    float[] logits = logits(model, manager, test, 1);
    EpochScores scored =
        NodeClassificationTrainer.scores(
            best.epoch(),
            logits,
            graph.numClasses(),
            new int[0],
            rows(0, test.length),
            labels(test),
            evaluator);
    return new EpochScores(
        best.epoch(),
        best.valScore(),
        best.valLoss(),
        best.valAccuracy(),
        scored.testScore(),
        scored.testAccuracy(),
        scored.testMacroF1(),
        scored.testClassRecall());
  }

  /** Class scores of {@code nodes}, a row each, in batches on neighbourhoods fixed per trial. */
  @SuppressWarnings("try") // the scope frees each batch's temporaries; nothing reads it
  private float[] logits(GnnModel model, NDManager manager, int[] nodes, int split) {
    int classes = graph.numClasses();
    float[] logits = new float[nodes.length * classes];
    int size = settings.batchSize();
    for (int from = 0, batch = 0; from < nodes.length; from += size, batch++) {
      int[] seeds = Arrays.copyOfRange(nodes, from, Math.min(nodes.length, from + size));
      long seed = Seeds.mix(Seeds.mix(Seeds.mix(settings.seed(), split), batch), EVAL_STREAM);
      try (NDManager batchManager = manager.newSubManager();
          NDScope scope = new NDScope()) {
        model.bind(tensors(batchManager, seeds, seed));
        float[] all = model.forwardInference().toFloatArray();
        System.arraycopy(all, 0, logits, from * classes, seeds.length * classes);
      }
    }
    return logits;
  }

  private GraphTensors tensors(NDManager manager, int[] seeds, long seed) {
    NeighborSampler.Batch batch = sampler.sample(seeds, fanouts, new SplittableRandom(seed));
    return new GraphTensors(manager, sampler.subgraph(batch), settings.featureNorm());
  }

  private int[] labels(int[] nodes) {
    return Arrays.stream(nodes).map(graph::label).toArray();
  }

  private static int[] rows(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  private static int[] shuffled(int[] nodes, long seed) {
    int[] copy = nodes.clone();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }
}
