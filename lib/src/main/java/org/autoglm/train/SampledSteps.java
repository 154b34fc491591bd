package org.autoglm.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.autoglm.random.Seeds;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * The steps of a sampled trial. Each epoch the training nodes in a seeded order are cut into
 * batches of {@code batch_size}; each batch is a subgraph the model runs on unchanged:
 *
 * <ul>
 *   <li>{@code neighbors}: the batch's nodes are seeds, {@link NeighborSampler} samples their
 *       neighbourhoods, and the loss counts the seeds;
 *   <li>{@code subgraph}: the batch's nodes are walk roots, {@link WalkSampler} induces the
 *       subgraph their walks visit, and the loss counts every training node in it, each weighed by
 *       how rarely the sampler draws it (GraphSAINT's loss normalisation: counted over {@code
 *       sample_coverage} epochs of walks drawn before training, so a step's loss is an unbiased
 *       estimate of the mean over the training nodes).
 * </ul>
 *
 * <p>Validation and test nodes are scored in batches on neighbourhoods sampled once per trial with
 * {@code fanouts} (so every epoch is judged on the same sample, and early stopping compares like
 * with like) — in subgraph mode on the subgraph those neighbourhoods' nodes induce; test once per
 * run, on the best epoch's weights.
 */
final class SampledSteps {
  private static final long ORDER_STREAM = 0x0DE5L;
  private static final long SAMPLE_STREAM = 0x5A3BL;
  private static final long EVAL_STREAM = 0xE7A1L;
  private static final long COVERAGE_STREAM = 0xC0FEL;

  private final GraphStore graph;
  private final TrainSettings settings;
  private final TrainSettings.Batching mode;
  private final NeighborSampler sampler;
  private final WalkSampler walks;
  private final int[] fanouts;
  private final int[] train;
  private final int[] val;
  private final int[] test;

  /**
   * subgraph with {@code sample_coverage}: per training node (as ordered in {@code train}), its
   * loss weight; drawn on the first training batch (scoring a trained model needs none).
   */
  private float[] drawWeights;

  private int orderEpoch = -1;
  private int[] order;

  SampledSteps(GraphStore graph, TrainSettings settings, TrainSettings.Batching mode) {
    if (mode != TrainSettings.Batching.NEIGHBORS && mode != TrainSettings.Batching.SUBGRAPH) {
      throw new IllegalArgumentException("not a sampled batching: " + mode);
    }
    this.graph = graph;
    this.settings = settings;
    this.mode = mode;
    this.sampler = new NeighborSampler(graph);
    this.walks = new WalkSampler(graph);
    this.fanouts = settings.fanouts().stream().mapToInt(Integer::intValue).toArray();
    this.train = graph.labelledNodes(Split.TRAIN);
    if (train.length == 0) {
      throw new IllegalArgumentException(GraphTensors.NO_TRAINING_NODES);
    }
    this.val = graph.labelledNodes(Split.VAL);
    this.test = graph.labelledNodes(Split.TEST);
  }

  TrainSettings.Batching mode() {
    return mode;
  }

  /**
   * GraphSAINT's loss normaliser: walks of {@code sample_coverage} epochs, drawn as training draws
   * them but from their own seeds, count how often each training node lands in a subgraph; its
   * weight is {@code samples / (count × |train|)}, so that over the sampler's subgraphs the
   * expected loss is the mean over all training nodes: nodes that walks reach often (hubs) weigh
   * less, nodes reached only as roots more.
   */
  private float[] countDraws() {
    int[] counts = new int[train.length];
    int samples = 0;
    for (int round = 1; round <= settings.sampleCoverage(); round++) {
      long roundSeed = Seeds.mix(Seeds.mix(settings.seed(), round), COVERAGE_STREAM);
      int[] shuffled = shuffled(train, Seeds.mix(roundSeed, ORDER_STREAM));
      for (int batch = 0; batch < batches(); batch++) {
        int[] nodes =
            walks.walk(
                roots(shuffled, batch),
                settings.walkLength(),
                new SplittableRandom(Seeds.mix(Seeds.mix(roundSeed, batch), SAMPLE_STREAM)));
        for (int node : nodes) {
          int at = Arrays.binarySearch(train, node);
          if (at >= 0) {
            counts[at]++;
          }
        }
        samples++;
      }
    }
    float[] weights = new float[train.length];
    for (int i = 0; i < train.length; i++) {
      // Every training node is a root once a round, so its count is at least the rounds.
      weights[i] = (float) samples / ((float) Math.max(1, counts[i]) * train.length);
    }
    return weights;
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
    int[] seeds = roots(order, batch);
    long seed = Seeds.mix(Seeds.mix(Seeds.mix(settings.seed(), epoch), batch), SAMPLE_STREAM);
    if (mode == TrainSettings.Batching.NEIGHBORS) {
      return tensors(manager, seeds, seed);
    }
    int[] nodes = walks.walk(seeds, settings.walkLength(), new SplittableRandom(seed));
    GraphSnapshot subgraph = walks.induced(nodes, i -> graph.split(nodes[i]) == Split.TRAIN);
    return new GraphTensors(manager, subgraph, settings.featureNorm(), lossWeights(nodes));
  }

  /** Batch {@code batch}'s slice of {@code order}. */
  private int[] roots(int[] order, int batch) {
    int from = batch * settings.batchSize();
    return Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batchSize()));
  }

  /**
   * Per subgraph node, its loss weight if it is a training node: GraphSAINT's normalised weight, or
   * without pre-sampling ({@code sample_coverage: 0}) the mean over the subgraph's training nodes.
   */
  float[] lossWeights(int[] nodes) {
    boolean normalised = settings.sampleCoverage() > 0;
    if (normalised && drawWeights == null) {
      drawWeights = countDraws();
    }
    float[] weights = new float[nodes.length];
    int trainingNodes = 0;
    for (int i = 0; i < nodes.length; i++) {
      int at = Arrays.binarySearch(train, nodes[i]);
      if (at >= 0) {
        weights[i] = normalised ? drawWeights[at] : 1f;
        trainingNodes++;
      }
    }
    if (!normalised) {
      for (int i = 0; i < nodes.length; i++) {
        weights[i] /= trainingNodes;
      }
    }
    return weights;
  }

  /**
   * A batch of the graph's shapes to build a model on when it only scores: the first training nodes
   * with their evaluation neighbourhoods.
   */
  GraphTensors scoringBatch(NDManager manager) {
    return tensors(
        manager,
        Arrays.copyOf(train, Math.min(train.length, settings.batchSize())),
        settings.seed());
  }

  /**
   * Class scores of {@code split}'s labelled nodes (a row each, in node order) on the
   * neighbourhoods the trial's own evaluation sampled: a trained model scores here what its trial
   * did.
   */
  float[] logits(GnnModel model, NDManager manager, Split split) {
    return switch (split) {
      case VAL -> logits(model, manager, val, 0);
      case TEST -> logits(model, manager, test, 1);
      default -> throw new IllegalArgumentException("scored splits are val and test: " + split);
    };
  }

  /** The epoch's validation scores; test is scored once, on the best weights ({@link #test}). */
  EpochScores validate(int epoch, GnnModel model, NDManager manager, NodeEvaluator evaluator) {
    float[] logits = logits(model, manager, Split.VAL);
    return NodeClassificationTrainer.scores(
        epoch, logits, graph.numClasses(), rows(0, val.length), new int[0], labels(val), evaluator);
  }

  /**
   * {@code best} with the test scores of the model's current weights (the best epoch's): scored
   * once per run, not at every improving epoch, since the test split may be most of the graph.
   */
  EpochScores test(EpochScores best, GnnModel model, NDManager manager, NodeEvaluator evaluator) {
    float[] logits = logits(model, manager, Split.TEST);
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
      scoreInto(
          model,
          manager,
          surroundings(sampler, walks, mode, seeds, fanouts, seed),
          settings.featureNorm(),
          logits,
          from,
          seeds.length);
    }
    return logits;
  }

  /**
   * Class scores of {@code batch}'s first {@code rows} nodes (its seeds) into {@code logits} from
   * row {@code at}; the batch's tensors are freed before this returns.
   */
  @SuppressWarnings("try") // the scope frees the batch's temporaries; nothing reads it
  static void scoreInto(
      GnnModel model,
      NDManager manager,
      GraphSnapshot batch,
      TrainSettings.FeatureNorm featureNorm,
      float[] logits,
      int at,
      int rows) {
    int classes = batch.numClasses();
    try (NDManager batchManager = manager.newSubManager();
        NDScope scope = new NDScope()) {
      model.bind(new GraphTensors(batchManager, batch, featureNorm));
      float[] all = model.forwardInference().toFloatArray();
      System.arraycopy(all, 0, logits, at * classes, rows * classes);
    }
  }

  /** {@code seeds} with their sampled neighbourhoods; in subgraph mode, all edges among them. */
  private GraphTensors tensors(NDManager manager, int[] seeds, long seed) {
    return new GraphTensors(
        manager, surroundings(sampler, walks, mode, seeds, fanouts, seed), settings.featureNorm());
  }

  /**
   * {@code seeds} (first) with their neighbourhoods sampled from {@code seed} by {@code fanouts}:
   * in {@code neighbors} mode the sampled blocks, in {@code subgraph} mode every edge among their
   * nodes.
   */
  static GraphSnapshot surroundings(
      NeighborSampler sampler,
      WalkSampler walks,
      TrainSettings.Batching mode,
      int[] seeds,
      int[] fanouts,
      long seed) {
    NeighborSampler.Batch batch = sampler.sample(seeds, fanouts, new SplittableRandom(seed));
    return mode == TrainSettings.Batching.NEIGHBORS
        ? sampler.subgraph(batch)
        : walks.induced(batch.nodes(), i -> i < batch.seeds());
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
