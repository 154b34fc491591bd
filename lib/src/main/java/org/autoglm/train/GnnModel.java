package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * The node classifiers. Most are a stack of layers sharing one shape — dropout on the layer's
 * input, the layer's propagation, then (between layers) layer norm, activation and residual — that
 * differ in how a layer propagates:
 *
 * <ul>
 *   <li>GCN (Kipf and Welling): {@code Â·X·W + b};
 *   <li>GraphSAGE, mean aggregator with root weight: {@code X·Wr + mean_N(X)·Wn + b};
 *   <li>GAT (Veličković et al.): per-head attention over in-edges, softmax per destination, heads
 *       concatenated between layers and averaged at the output;
 *   <li>SGC (Wu et al.): a linear layer on {@code S^K X}, precomputed once;
 *   <li>MLP: {@code X·W + b}, no graph;
 *   <li>APPNP (Klicpera et al.): an MLP's class scores {@code H}, then K steps of personalised
 *       PageRank {@code Z ← (1-α)·Â·Z + α·H};
 *   <li>JKNet (Xu et al.): GCN layers whose outputs are all kept and combined (concatenated, or
 *       their element-wise maximum) before a dense output layer.
 * </ul>
 *
 * GCNII (Chen et al.) is deep and has a shape of its own: a dense input layer gives {@code H0},
 * then each of L convolutions computes {@code S = (1-α)·Â·H + α·H0} and {@code σ(S·(θ_l·W_l +
 * (1-θ_l)·I))} with {@code θ_l = ln(λ/l + 1)}, then a dense output layer.
 *
 * <p>Parameters are plain tensors with gradients, initialised from the settings' seed in Java so a
 * seed decides them on any device.
 */
final class GnnModel {
  private static final float LEAKY_SLOPE = 0.2f;
  private static final float LAYER_NORM_EPSILON = 1e-5f;

  /** How one layer of the stack propagates. */
  private enum Propagation {
    GCN,
    SAGE,
    GAT,
    DENSE
  }

  private final TrainSettings settings;
  private final ModelKind kind;
  private final List<Layer> layers = new ArrayList<>();
  // The graph the model runs on and what each propagation precomputes from it: the whole graph,
  // or, in sampled training, the batch's subgraph (bind).
  private GraphTensors graph;
  private SymmetricSparse gcnAdjacency;
  private GraphTensors.MeanAdjacency meanAdjacency;
  private EdgeOperators edges;
  private NDArray propagated;

  /** The last training forward's hand-made backward steps, replayed by {@link #backward}. */
  private HandBackward tape;

  GnnModel(NDManager manager, GraphTensors graph, TrainSettings settings) {
    this.settings = settings;
    kind = settings.model();
    if (kind == ModelKind.JKNET && settings.layers() < 2) {
      throw new IllegalArgumentException(
          "training parameter 'layers' is "
              + settings.layers()
              + " but jknet needs >= 2 (its GCN layers and the output layer)");
    }
    bind(graph);

    SplittableRandom random = new SplittableRandom(settings.seed());
    int hidden = settings.hidden();
    if (kind == ModelKind.GCNII) {
      layers.add(new Layer(manager, Propagation.DENSE, graph.numFeatures, hidden, 1, false, true));
      for (int l = 0; l < settings.layers(); l++) {
        layers.add(new Layer(manager, Propagation.DENSE, hidden, hidden, 1, false, false));
      }
      layers.add(new Layer(manager, Propagation.DENSE, hidden, graph.numClasses, 1, true, true));
    } else {
      int inputs = graph.numFeatures;
      int layerCount = kind == ModelKind.SGC ? 1 : settings.layers();
      for (int l = 0; l < layerCount; l++) {
        boolean last = l == layerCount - 1;
        int heads = kind != ModelKind.GAT ? 1 : last ? settings.outputHeads() : settings.heads();
        int width = last ? graph.numClasses : hidden;
        if (last && kind == ModelKind.JKNET) {
          boolean concat = settings.jumpingKnowledge() == TrainSettings.JumpingKnowledge.CONCAT;
          inputs = concat ? (layerCount - 1) * hidden : hidden;
        }
        Layer layer = new Layer(manager, propagation(last), inputs, width, heads, last, true);
        layers.add(layer);
        inputs = layer.outputs;
      }
    }
    for (Layer layer : layers) {
      layer.initialise(random);
      if (settings.layerNorm() && !layer.last && kind != ModelKind.GCNII) {
        layer.addNorm(manager);
      }
    }
  }

  /**
   * Runs the model on {@code graph} from now on, with the same parameters: a sampled batch's
   * subgraph, of the same features and classes.
   */
  void bind(GraphTensors graph) {
    this.graph = graph;
    boolean gcnPropagation =
        kind == ModelKind.GCN
            || kind == ModelKind.APPNP
            || kind == ModelKind.GCNII
            || kind == ModelKind.JKNET;
    gcnAdjacency = gcnPropagation ? graph.normalisedAdjacency(settings.selfLoops()) : null;
    meanAdjacency = kind == ModelKind.SAGE ? graph.meanAdjacency() : null;
    edges = kind == ModelKind.GAT ? graph.edgeOperators(settings.selfLoops()) : null;
    propagated =
        kind == ModelKind.SGC
            ? graph.propagatedFeatures(settings.hops(), settings.selfLoops())
            : null;
  }

  private Propagation propagation(boolean last) {
    return switch (kind) {
      case GCN -> Propagation.GCN;
      case JKNET -> last ? Propagation.DENSE : Propagation.GCN;
      case SAGE -> Propagation.SAGE;
      case GAT -> Propagation.GAT;
      case SGC, MLP, APPNP, GCNII -> Propagation.DENSE;
    };
  }

  /** Every trainable tensor, in a fixed order (checkpoints rely on it). */
  List<NDArray> parameters() {
    List<NDArray> all = new ArrayList<>();
    layers.forEach(layer -> all.addAll(layer.parameters()));
    return all;
  }

  /**
   * The L2 decay of each weight under decay, never biases or norm scales: the first layer's or all
   * (decay scope); GCNII's convolutions take {@code conv_weight_decay}.
   */
  Map<NDArray, Float> weightDecays() {
    Map<NDArray, Float> decays = new IdentityHashMap<>();
    boolean all = settings.decayScope() == TrainSettings.DecayScope.ALL;
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      boolean conv = kind == ModelKind.GCNII && l > 0 && !layer.last;
      float decay = (float) (conv ? settings.convWeightDecay() : settings.weightDecay());
      if (conv || l == 0 || all) {
        layer.weights().forEach(w -> decays.put(w, decay));
      }
    }
    return decays;
  }

  /**
   * Class scores (logits) for every node in a training pass, which drops out with {@code masks} and
   * sees the graph as {@code augmentation} changes it; finish it with {@link #backward}.
   */
  NDArray forwardTraining(DropoutMasks masks, EpochAugmentation augmentation) {
    tape = new HandBackward();
    return forward(masks, augmentation, false);
  }

  /** Class scores (logits) for every node, without dropout or augmentation. */
  NDArray forwardInference() {
    tape = null;
    return forward(null, EpochAugmentation.NONE, false);
  }

  /** Starts a training step of one or more {@link #encode} passes; finish it with backward. */
  void startTraining() {
    tape = new HandBackward();
  }

  /**
   * The encoder's output for every node — what the output layer reads (for JKNet, the combined
   * hidden outputs) — in a training pass begun by {@link #startTraining}: self-supervised
   * pretraining trains these layers.
   */
  NDArray encode(DropoutMasks masks, EpochAugmentation augmentation) {
    return forward(masks, augmentation, true);
  }

  /**
   * The encoder's parameters: every layer's but the output layer's, a prefix of {@link
   * #parameters}.
   */
  List<NDArray> encoderParameters() {
    List<NDArray> encoder = new ArrayList<>();
    layers.stream().filter(layer -> !layer.last).forEach(l -> encoder.addAll(l.parameters()));
    return encoder;
  }

  /** The width of {@link #encode}'s output. */
  int encoderWidth() {
    return layers.get(layers.size() - 1).inputs;
  }

  private NDArray forward(DropoutMasks masks, EpochAugmentation augmentation, boolean encodeOnly) {
    if (encodeOnly && layers.size() < 2) {
      throw new IllegalArgumentException(
          "training parameter 'pretrain' needs an encoder, layers before the output layer, but "
              + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " has "
              + layers.size()
              + " layer; use layers >= 2 (sgc has one)");
    }
    SymmetricSparse adjacency =
        gcnAdjacency == null
            ? null
            : gcnAdjacency.scaled(
                graph.edgeEntryFactors(augmentation.edges(), settings.selfLoops()));
    Input first = firstInput(masks, augmentation);
    return kind == ModelKind.GCNII
        ? forwardGcnii(first, adjacency, masks, encodeOnly)
        : forwardStack(first, adjacency, masks, augmentation, encodeOnly);
  }

  /**
   * The first layer's input: the sparse features (or SGC's propagated ones), with dropout and the
   * epoch's feature masking and node dropping.
   */
  private Input firstInput(DropoutMasks masks, EpochAugmentation augmentation) {
    float dropout = (float) settings.dropout();
    if (propagated != null) {
      NDArray dense = drop(propagated, dropout, masks);
      NDManager manager = dense.getManager();
      if (augmentation.nodes() != null) {
        dense =
            dense.mul(
                HostArrays.floats(manager, augmentation.nodes(), new Shape(graph.numNodes, 1)));
      }
      if (augmentation.columns() != null) {
        dense =
            dense.mul(
                HostArrays.floats(
                    manager, augmentation.columns(), new Shape(1, graph.numFeatures)));
      }
      NDArray input = dense;
      return weight -> input.matMul(weight);
    }
    float[] factors =
        multiply(
            masks == null ? null : masks.factors(graph.features.entries(), dropout),
            graph.featureEntryFactors(augmentation.nodes(), augmentation.columns()));
    return weight -> graph.features.times(weight, factors, tape);
  }

  private NDArray forwardStack(
      Input first,
      SymmetricSparse adjacency,
      DropoutMasks masks,
      EpochAugmentation augmentation,
      boolean encodeOnly) {
    float dropout = (float) settings.dropout();
    List<NDArray> hiddenOutputs = new ArrayList<>();
    NDArray h = null;
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      Input input;
      if (l == 0) {
        input = first;
      } else {
        NDArray previous = layer.last && kind == ModelKind.JKNET ? jump(hiddenOutputs) : h;
        if (layer.last && encodeOnly) {
          return previous;
        }
        NDArray dropped = drop(previous, dropout, masks);
        input = weight -> dropped.matMul(weight);
      }
      NDArray out = propagate(layer, input, adjacency, masks, augmentation);
      if (!layer.last) {
        if (layer.normScale != null) {
          out =
              LayerNorm.layerNorm(
                      out,
                      new Shape(layer.outputs),
                      layer.normScale,
                      layer.normShift,
                      LAYER_NORM_EPSILON)
                  .singletonOrThrow();
        }
        out = activate(out);
        if (settings.residual() && l > 0 && layer.inputs == layer.outputs) {
          out = out.add(h);
        }
        hiddenOutputs.add(out);
      }
      h = out;
    }
    return kind == ModelKind.APPNP ? personalisedPageRank(h, adjacency) : h;
  }

  /** JKNet's layer aggregation of the hidden layers' outputs. */
  private NDArray jump(List<NDArray> hiddenOutputs) {
    NDArray combined = hiddenOutputs.get(0);
    for (int i = 1; i < hiddenOutputs.size(); i++) {
      combined =
          settings.jumpingKnowledge() == TrainSettings.JumpingKnowledge.CONCAT
              ? combined.concat(hiddenOutputs.get(i), 1)
              : combined.maximum(hiddenOutputs.get(i));
    }
    return combined;
  }

  /** APPNP's propagation: {@code hops} steps of {@code Z ← (1-α)·Â·Z + α·H} from {@code Z = H}. */
  private NDArray personalisedPageRank(NDArray scores, SymmetricSparse adjacency) {
    float alpha = (float) settings.alpha();
    NDArray teleport = Scalars.times(scores, alpha);
    NDArray z = scores;
    for (int k = 0; k < settings.hops(); k++) {
      z = Scalars.times(adjacency.times(z, tape), 1 - alpha).add(teleport);
    }
    return z;
  }

  private NDArray forwardGcnii(
      Input first, SymmetricSparse adjacency, DropoutMasks masks, boolean encodeOnly) {
    float dropout = (float) settings.dropout();
    float alpha = (float) settings.alpha();
    Layer input = layers.get(0);
    NDArray initial = activate(first.times(input.weight).add(input.bias));
    NDArray teleport = Scalars.times(initial, alpha);
    NDArray h = initial;
    for (int l = 1; l < layers.size() - 1; l++) {
      NDArray support =
          Scalars.times(adjacency.times(drop(h, dropout, masks), tape), 1 - alpha).add(teleport);
      float theta = (float) Math.log(settings.lambda() / l + 1);
      h =
          activate(
              Scalars.times(support.matMul(layers.get(l).weight), theta)
                  .add(Scalars.times(support, 1 - theta)));
    }
    if (encodeOnly) {
      return h;
    }
    Layer output = layers.get(layers.size() - 1);
    return drop(h, dropout, masks).matMul(output.weight).add(output.bias);
  }

  /**
   * Backpropagates the last training forward's loss into every parameter's gradient; call it while
   * that forward pass is still recording gradients ({@link DjlRuntime#recordingGradients}).
   */
  void backward(NDArray loss) {
    tape.backward(loss);
  }

  /** A layer's input, seen only through its product with a weight matrix. */
  private interface Input {
    NDArray times(NDArray weight);
  }

  /** {@code x} with each element dropped at {@code rate} by {@code masks} (null: inference). */
  private static NDArray drop(NDArray x, float rate, DropoutMasks masks) {
    float[] factors = masks == null ? null : masks.factors(Math.toIntExact(x.size()), rate);
    return factors == null ? x : x.mul(HostArrays.floats(x.getManager(), factors, x.getShape()));
  }

  /** Element-wise product of two optional factor arrays (null: all ones). */
  private static float[] multiply(float[] a, float[] b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    float[] product = new float[a.length];
    for (int i = 0; i < product.length; i++) {
      product[i] = a[i] * b[i];
    }
    return product;
  }

  private NDArray propagate(
      Layer layer,
      Input x,
      SymmetricSparse adjacency,
      DropoutMasks masks,
      EpochAugmentation augmentation) {
    return switch (layer.propagation) {
      case GCN -> adjacency.times(x.times(layer.weight), tape).add(layer.bias);
      case SAGE -> {
        // One product for both weights: PyTorch's sparse product pays per stored entry more than
        // per column (on Cora's first layer, 9.7 ms forward and backward against 11.3 for two).
        long width = layer.weight.getShape().get(1);
        NDArray both = x.times(layer.weight.concat(layer.neighbourWeight, 1));
        NDArray mean = meanAdjacency.scaled(graph.edgeEntryFactors(augmentation.edges(), false));
        yield both.get(new NDIndex(":, :{}", width))
            .add(mean.matMul(both.get(new NDIndex(":, {}:", width))))
            .add(layer.bias);
      }
      case GAT -> attend(layer, x, masks, augmentation);
      case DENSE -> x.times(layer.weight).add(layer.bias);
    };
  }

  /**
   * One GAT layer. Scores {@code e = LeakyReLU(a_src·Wh_src + a_dst·Wh_dst)} per edge and head; the
   * softmax over a destination's in-edges is {@code exp(e) / (incidence · exp(e))[dst]}, shifted by
   * the global maximum for stability (a per-destination max would need a scatter). Dropped edges
   * (DropEdge) leave the softmax; self-loops stay, so every node keeps one in-edge.
   */
  private NDArray attend(Layer layer, Input x, DropoutMasks masks, EpochAugmentation augmentation) {
    int nodes = graph.numNodes;
    int heads = layer.heads;
    int perHead = layer.perHead;
    NDArray projected = x.times(layer.weight); // N × H·F
    NDArray byHead = projected.reshape(nodes, heads, perHead);
    NDArray sourceScore = byHead.mul(layer.attentionSource).sum(new int[] {2}); // N × H
    NDArray targetScore = byHead.mul(layer.attentionTarget).sum(new int[] {2});
    NDArray scores =
        Activation.leakyRelu(
            edges.atSource(sourceScore).add(edges.atTarget(targetScore)), LEAKY_SLOPE); // E × H
    NDArray weights = scores.sub(scores.max().stopGradient()).exp();
    float[] kept = graph.edgeEntryFactors(augmentation.edgeMask(), settings.selfLoops());
    if (kept != null) {
      weights =
          weights.mul(HostArrays.floats(weights.getManager(), kept, new Shape(kept.length, 1)));
    }
    // One column a head: autograd's backward of this sum costs about a millisecond on Cora, and on
    // the tape its replay would run the projection's backward a second time.
    NDArray totals = edges.atTarget(edges.sumAtTarget(weights, null)); // E × H
    NDArray attention = weights.div(totals.add(1e-16f));
    attention = drop(attention, (float) settings.attentionDropout(), masks);
    NDArray messages =
        edges
            .atSource(projected)
            .reshape(edges.edges(), heads, perHead)
            .mul(attention.expandDims(2))
            .reshape(edges.edges(), heads * perHead);
    NDArray aggregated = edges.sumAtTarget(messages, tape); // N × H·F
    if (!layer.last || heads == 1) {
      return aggregated.add(layer.bias);
    }
    return aggregated.reshape(nodes, heads, perHead).mean(new int[] {1}).add(layer.bias);
  }

  private NDArray activate(NDArray x) {
    return switch (settings.activation()) {
      case RELU -> Activation.relu(x);
      case ELU -> Activation.elu(x, 1f);
      case LEAKY_RELU -> Activation.leakyRelu(x, 0.01f);
      case GELU -> Activation.gelu(x);
    };
  }

  /** One layer's tensors. GAT's {@code weight} projects to all heads at once. */
  private static final class Layer {
    final Propagation propagation;
    final int inputs;
    final int outputs;
    final int heads;
    final int perHead;
    final boolean last;
    final NDArray weight;
    final NDArray neighbourWeight;
    final NDArray attentionSource;
    final NDArray attentionTarget;
    final NDArray bias;
    NDArray normScale;
    NDArray normShift;

    Layer(
        NDManager manager,
        Propagation propagation,
        int inputs,
        int width,
        int heads,
        boolean last,
        boolean withBias) {
      this.propagation = propagation;
      this.inputs = inputs;
      this.heads = heads;
      this.perHead = width;
      this.last = last;
      boolean concat = propagation == Propagation.GAT && !last;
      this.outputs = concat ? heads * width : width;
      weight = manager.create(new Shape(inputs, heads * width));
      neighbourWeight =
          propagation == Propagation.SAGE ? manager.create(new Shape(inputs, width)) : null;
      if (propagation == Propagation.GAT) {
        attentionSource = manager.create(new Shape(1, heads, width));
        attentionTarget = manager.create(new Shape(1, heads, width));
      } else {
        attentionSource = null;
        attentionTarget = null;
      }
      bias = withBias ? manager.zeros(new Shape(outputs)) : null;
    }

    /** Glorot-uniform weights from {@code random}, in the order of {@link #weights}. */
    void initialise(SplittableRandom random) {
      for (NDArray w : weights()) {
        Shape shape = w.getShape();
        long fanIn = shape.get(shape.dimension() - 2);
        long fanOut = shape.get(shape.dimension() - 1);
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        w.set(values);
      }
      for (NDArray p : parameters()) {
        p.setRequiresGradient(true);
      }
    }

    void addNorm(NDManager manager) {
      normScale = manager.ones(new Shape(outputs));
      normShift = manager.zeros(new Shape(outputs));
      normScale.setRequiresGradient(true);
      normShift.setRequiresGradient(true);
    }

    List<NDArray> weights() {
      List<NDArray> list = new ArrayList<>();
      for (NDArray p : new NDArray[] {weight, neighbourWeight, attentionSource, attentionTarget}) {
        if (p != null) {
          list.add(p);
        }
      }
      return list;
    }

    List<NDArray> parameters() {
      List<NDArray> list = weights();
      if (bias != null) {
        list.add(bias);
      }
      if (normScale != null) {
        list.add(normScale);
        list.add(normShift);
      }
      return list;
    }
  }
}
