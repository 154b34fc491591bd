package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.autoglm.random.Seeds;

/**
 * Self-supervised pretraining of a model's encoder (every layer but the output layer) on the graph
 * alone, no labels:
 *
 * <ul>
 *   <li><b>contrastive</b> (GRACE, Zhu et al. 2020): two views of the graph each epoch (edges
 *       dropped, feature columns masked, drawn like training-time augmentation), a two-layer
 *       projection head, and InfoNCE at a temperature: a node's two views attract, every other node
 *       of either view repels;
 *   <li><b>masked</b> (GraphMAE, Hou et al. 2022): a share of nodes' features hidden from the
 *       encoder, the encoder's output of those nodes hidden again, a GCN-style decoder back to the
 *       features, and the scaled cosine error {@code (1 - cos)^2} on the hidden nodes.
 * </ul>
 *
 * The pretrained encoder depends on its architecture and the pretraining settings alone — it starts
 * from a fixed seed, not the trial's — so trials that share them share one encoder ({@link #key}).
 * Each epoch scores at most {@value #MAX_NODES} nodes (a sample drawn per epoch): the contrastive
 * loss grows with their square.
 */
final class Pretraining {
  static final int MAX_NODES = 2048;
  private static final long SEED = 0x5EED;
  private static final float EPSILON = 1e-8f;

  private Pretraining() {}

  /**
   * What decides a pretrained encoder, hashed: the encoder's architecture and inputs, the
   * pretraining settings, and the code's format version. Not the trial's seed, nor settings only
   * fine-tuning reads.
   */
  static String key(TrainSettings s) {
    Map<String, Object> decisive = new TreeMap<>();
    decisive.put("format", 1);
    decisive.put("model", s.model());
    decisive.put("layers", s.layers());
    decisive.put("hidden", s.hidden());
    decisive.put("heads", s.heads());
    decisive.put("dropout", s.dropout());
    decisive.put("attention_dropout", s.attentionDropout());
    decisive.put("activation", s.activation());
    decisive.put("residual", s.residual());
    decisive.put("layer_norm", s.layerNorm());
    decisive.put("self_loops", s.selfLoops());
    decisive.put("hops", s.hops());
    decisive.put("alpha", s.alpha());
    decisive.put("lambda", s.lambda());
    decisive.put("jk", s.jumpingKnowledge());
    decisive.put("feature_norm", s.featureNorm());
    decisive.put("pretrain", s.pretrain());
    decisive.put("pretrain_epochs", s.pretrainEpochs());
    decisive.put("pretrain_lr", s.pretrainLr());
    decisive.put("temperature", s.temperature());
    decisive.put("mask_rate", s.maskRate());
    decisive.put("view_drop_edge", s.viewDropEdge());
    decisive.put("view_feature_mask", s.viewFeatureMask());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(decisive.toString().getBytes(StandardCharsets.UTF_8));
      return s.pretrain().name().toLowerCase(java.util.Locale.ROOT)
          + "-"
          + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A pretrained encoder.
   *
   * @param weights one array per encoder parameter, in {@link GnnModel#encoderParameters} order
   * @param losses the objective's value at each epoch
   */
  record Encoder(float[][] weights, float[] losses) {}

  /** Pretrains an encoder for {@code settings} on {@code tensors}. */
  @SuppressWarnings("try") // the scopes close the epoch's temporaries; nothing reads them
  static Encoder encoder(NDManager manager, GraphTensors tensors, TrainSettings settings) {
    TrainSettings fixed =
        settings.toBuilder()
            .set(TrainSettings::seed, SEED)
            .set(TrainSettings::optimizer, TrainSettings.OptimizerKind.ADAM)
            .build();
    GnnModel model = new GnnModel(manager, tensors, fixed);
    List<NDArray> encoder = model.encoderParameters();
    SplittableRandom random = new SplittableRandom(SEED);
    int width = model.encoderWidth();
    Objective objective =
        settings.pretrain() == TrainSettings.Pretrain.CONTRASTIVE
            ? new Contrastive(manager, width, random, settings)
            : new Masked(manager, width, tensors, random, settings);
    List<NDArray> trained = new ArrayList<>(encoder);
    trained.addAll(objective.parameters());
    Optimizer optimizer = new Optimizer(fixed, trained, Map.of());
    float[] losses = new float[settings.pretrainEpochs()];
    for (int epoch = 1; epoch <= settings.pretrainEpochs(); epoch++) {
      try (NDScope scope = new NDScope()) {
        float value;
        try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
          model.startTraining();
          NDArray loss = objective.loss(model, tensors, Seeds.mix(SEED, epoch));
          value = loss.getFloat();
          if (Float.isFinite(value)) {
            model.backward(loss);
          }
        }
        if (!Float.isFinite(value)) {
          throw new IllegalArgumentException(
              "pretraining diverged at epoch "
                  + epoch
                  + " (the "
                  + settings.pretrain().name().toLowerCase(java.util.Locale.ROOT)
                  + " loss became "
                  + value
                  + "); lower training parameter 'pretrain_lr' ("
                  + settings.pretrainLr()
                  + ")");
        }
        losses[epoch - 1] = value;
        optimizer.step((float) settings.pretrainLr());
      }
    }
    return new Encoder(NodeClassificationTrainer.snapshot(encoder), losses);
  }

  /** Copies pretrained {@code weights} into {@code model}'s encoder. */
  static void load(GnnModel model, float[][] weights) {
    List<NDArray> encoder = model.encoderParameters();
    if (encoder.size() != weights.length) {
      throw new IllegalStateException(
          "a pretrained encoder of " + weights.length + " tensors for one of " + encoder.size());
    }
    for (int i = 0; i < weights.length; i++) {
      encoder.get(i).set(weights[i]);
    }
  }

  /** What pretraining minimises, with the parameters it adds (a head or a decoder). */
  private interface Objective {
    List<NDArray> parameters();

    NDArray loss(GnnModel model, GraphTensors tensors, long epochSeed);
  }

  /** GRACE's symmetric InfoNCE between two augmented views, through a projection head. */
  private static final class Contrastive implements Objective {
    private final TrainSettings settings;
    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    Contrastive(NDManager manager, int width, SplittableRandom random, TrainSettings settings) {
      this.settings = settings;
      w1 = glorot(manager, width, width, random);
      b1 = bias(manager, width);
      w2 = glorot(manager, width, width, random);
      b2 = bias(manager, width);
    }

    @Override
    public List<NDArray> parameters() {
      return List.of(w1, b1, w2, b2);
    }

    @Override
    public NDArray loss(GnnModel model, GraphTensors tensors, long epochSeed) {
      int[] sample = sample(tensors.numNodes, epochSeed);
      NDArray z1 = project(rows(view(model, tensors, epochSeed, 1), sample));
      NDArray z2 = project(rows(view(model, tensors, epochSeed, 2), sample));
      return Scalars.times(oneWay(z1, z2).add(oneWay(z2, z1)), 0.5f);
    }

    private NDArray view(GnnModel model, GraphTensors tensors, long epochSeed, int view) {
      EpochAugmentation augmentation =
          EpochAugmentation.view(
              tensors,
              Seeds.mix(epochSeed, view),
              settings.viewDropEdge(),
              settings.viewFeatureMask());
      return model.encode(new DropoutMasks(Seeds.mix(epochSeed, 10 + view)), augmentation);
    }

    private NDArray project(NDArray h) {
      NDArray hidden = ai.djl.nn.Activation.elu(h.matMul(w1).add(b1), 1f);
      NDArray z = hidden.matMul(w2).add(b2);
      // The epsilon inside the root: a zero row's root has an infinite gradient.
      NDArray norm = Scalars.plus(z.mul(z).sum(new int[] {1}, true), EPSILON).sqrt();
      return z.div(norm);
    }

    /**
     * Mean over anchors {@code i} of {@code -log(e(a_i, b_i) / (Σ_j e(a_i, b_j) + Σ_{j≠i} e(a_i,
     * a_j)))}, {@code e = exp(cos / τ)}; {@code a}, {@code b} unit rows.
     */
    private NDArray oneWay(NDArray a, NDArray b) {
      float inverseTemperature = (float) (1 / settings.temperature());
      NDArray between = Scalars.times(a.matMul(b.transpose()), inverseTemperature).exp();
      NDArray within = Scalars.times(a.matMul(a.transpose()), inverseTemperature).exp();
      NDArray positive = Scalars.times(a.mul(b).sum(new int[] {1}), inverseTemperature);
      // A unit row's similarity with itself is 1: its term in `within` is exp(1 / τ).
      NDArray denominator =
          Scalars.plus(
              between.sum(new int[] {1}).add(within.sum(new int[] {1})),
              (float) -Math.exp(inverseTemperature));
      return denominator.log().sub(positive).mean();
    }
  }

  /** GraphMAE's masked feature reconstruction with the scaled cosine error. */
  private static final class Masked implements Objective {
    private final TrainSettings settings;
    private final NDArray decoder;
    private final SymmetricSparse adjacency;

    Masked(
        NDManager manager,
        int width,
        GraphTensors tensors,
        SplittableRandom random,
        TrainSettings settings) {
      this.settings = settings;
      decoder = glorot(manager, width, tensors.numFeatures, random);
      adjacency = tensors.normalisedAdjacency(true);
    }

    @Override
    public List<NDArray> parameters() {
      return List.of(decoder);
    }

    @Override
    public NDArray loss(GnnModel model, GraphTensors tensors, long epochSeed) {
      int nodes = tensors.numNodes;
      float[] draw =
          new DropoutMasks(Seeds.mix(epochSeed, 1)).factors(nodes, (float) settings.maskRate());
      float[] kept = new float[nodes];
      List<Integer> masked = new ArrayList<>();
      for (int node = 0; node < nodes; node++) {
        kept[node] = draw[node] > 0 ? 1f : 0f;
        if (kept[node] == 0f) {
          masked.add(node);
        }
      }
      if (masked.isEmpty()) {
        masked.add(0);
        kept[0] = 0f;
      }
      int[] scored = sampleOf(masked.stream().mapToInt(Integer::intValue).toArray(), epochSeed);
      NDArray h =
          model.encode(
              new DropoutMasks(Seeds.mix(epochSeed, 2)), new EpochAugmentation(null, kept, null));
      NDManager manager = h.getManager();
      // Hidden again after encoding, so the decoder must rebuild a node from its neighbours.
      NDArray remasked = h.mul(HostArrays.floats(manager, kept, new Shape(nodes, 1)));
      NDArray reconstructed = rows(adjacency.times(remasked.matMul(decoder), null), scored);
      NDArray target =
          HostArrays.floats(
              manager,
              tensors.denseFeatures(scored),
              new Shape(scored.length, tensors.numFeatures));
      NDArray cosine =
          reconstructed
              .mul(target)
              .sum(new int[] {1})
              .div(
                  Scalars.plus(
                          reconstructed
                              .mul(reconstructed)
                              .sum(new int[] {1})
                              .mul(target.mul(target).sum(new int[] {1})),
                          EPSILON)
                      .sqrt());
      NDArray error = Scalars.plus(cosine.neg(), 1f);
      return error.mul(error).mean();
    }
  }

  /** Up to {@value #MAX_NODES} node indices drawn without replacement, or null for all. */
  private static int[] sample(int nodes, long epochSeed) {
    if (nodes <= MAX_NODES) {
      return null;
    }
    int[] all = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      all[i] = i;
    }
    return sampleOf(all, epochSeed);
  }

  /** Up to {@value #MAX_NODES} of {@code candidates}, drawn without replacement, sorted. */
  private static int[] sampleOf(int[] candidates, long epochSeed) {
    if (candidates.length <= MAX_NODES) {
      return candidates;
    }
    int[] pool = candidates.clone();
    SplittableRandom random = new SplittableRandom(Seeds.mix(epochSeed, 99));
    for (int i = 0; i < MAX_NODES; i++) {
      int j = i + random.nextInt(pool.length - i);
      int swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    int[] chosen = java.util.Arrays.copyOf(pool, MAX_NODES);
    java.util.Arrays.sort(chosen);
    return chosen;
  }

  /** Rows {@code nodes} of {@code x} (null: all of them). */
  private static NDArray rows(NDArray x, int[] nodes) {
    if (nodes == null) {
      return x;
    }
    long[] index = new long[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      index[i] = nodes[i];
    }
    return x.get(new NDIndex("{}", x.getManager().create(index)));
  }

  private static NDArray glorot(NDManager manager, int rows, int cols, SplittableRandom random) {
    double limit = Math.sqrt(6.0 / (rows + cols));
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    NDArray w = manager.create(values, new Shape(rows, cols));
    w.setRequiresGradient(true);
    return w;
  }

  private static NDArray bias(NDManager manager, int width) {
    NDArray b = manager.zeros(new Shape(width));
    b.setRequiresGradient(true);
    return b;
  }
}
