package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.autoglm.train.GraphTensors.EdgeOperators;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * The node classifiers: a stack of layers sharing one shape — dropout on the layer's input, the
 * layer's propagation, then (between layers) layer norm, activation and residual — that differ only
 * in how a layer propagates:
 *
 * <ul>
 *   <li>GCN (Kipf and Welling): {@code Â·X·W + b};
 *   <li>GraphSAGE, mean aggregator with root weight: {@code X·Wr + mean_N(X)·Wn + b};
 *   <li>GAT (Veličković et al.): per-head attention over in-edges, softmax per destination, heads
 *       concatenated between layers and averaged at the output;
 *   <li>SGC (Wu et al.): a linear layer on {@code S^K X}, precomputed once;
 *   <li>MLP: {@code X·W + b}, no graph.
 * </ul>
 *
 * Parameters are plain tensors with gradients, initialised from the settings' seed in Java so a
 * seed decides them on any device.
 */
final class GnnModel {
  private static final float LEAKY_SLOPE = 0.2f;
  private static final float LAYER_NORM_EPSILON = 1e-5f;

  private final TrainSettings settings;
  private final GraphTensors graph;
  private final List<Layer> layers = new ArrayList<>();
  private final SymmetricSparse gcnAdjacency;
  private final NDArray meanAdjacency;
  private final EdgeOperators edges;
  private final NDArray propagated;

  /** The last training forward's hand-made backward steps, replayed by {@link #backward}. */
  private HandBackward tape;

  GnnModel(NDManager manager, GraphTensors graph, TrainSettings settings) {
    this.settings = settings;
    this.graph = graph;
    ModelKind kind = settings.model();
    gcnAdjacency = kind == ModelKind.GCN ? graph.normalisedAdjacency(settings.selfLoops()) : null;
    meanAdjacency = kind == ModelKind.SAGE ? graph.meanAdjacency() : null;
    edges = kind == ModelKind.GAT ? graph.edgeOperators(settings.selfLoops()) : null;
    propagated =
        kind == ModelKind.SGC
            ? graph.propagatedFeatures(settings.hops(), settings.selfLoops())
            : null;

    SplittableRandom random = new SplittableRandom(settings.seed());
    int inputs = graph.numFeatures;
    int layerCount = kind == ModelKind.SGC ? 1 : settings.layers();
    for (int l = 0; l < layerCount; l++) {
      boolean last = l == layerCount - 1;
      int heads = kind != ModelKind.GAT ? 1 : last ? settings.outputHeads() : settings.heads();
      int width = last ? graph.numClasses : settings.hidden();
      Layer layer = new Layer(manager, kind, inputs, width, heads, last, settings, random);
      layers.add(layer);
      inputs = layer.outputs;
    }
  }

  /** Every trainable tensor, in a fixed order (checkpoints rely on it). */
  List<NDArray> parameters() {
    List<NDArray> all = new ArrayList<>();
    layers.forEach(layer -> all.addAll(layer.parameters()));
    return all;
  }

  /** The weights under weight decay: the first layer's or all, never biases or norm scales. */
  List<NDArray> decayedParameters() {
    List<NDArray> decayed = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      if (l == 0 || settings.decayScope() == TrainSettings.DecayScope.ALL) {
        decayed.addAll(layers.get(l).weights());
      }
    }
    return decayed;
  }

  /**
   * Class scores (logits) for every node in a training pass, which drops out with {@code masks};
   * finish it with {@link #backward}.
   */
  NDArray forwardTraining(DropoutMasks masks) {
    return forward(masks);
  }

  /** Class scores (logits) for every node, without dropout. */
  NDArray forwardInference() {
    return forward(null);
  }

  private NDArray forward(DropoutMasks masks) {
    tape = masks != null ? new HandBackward() : null;
    float dropout = (float) settings.dropout();
    NDArray h = null;
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      // The first layer reads the sparse features, or SGC's propagated ones; the others h.
      NDArray dense = l > 0 ? h : propagated;
      Input input;
      if (dense != null) {
        NDArray dropped = drop(dense, dropout, masks);
        input = weight -> dropped.matMul(weight);
      } else {
        float[] factors = masks == null ? null : masks.factors(graph.features.entries(), dropout);
        input = weight -> graph.features.times(weight, factors, tape);
      }
      NDArray out = propagate(layer, input, masks);
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
      }
      h = out;
    }
    return h;
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

  private NDArray propagate(Layer layer, Input x, DropoutMasks masks) {
    return switch (settings.model()) {
      case GCN -> gcnAdjacency.times(x.times(layer.weight), tape).add(layer.bias);
      case SAGE -> {
        // One product for both weights: PyTorch's sparse product pays per stored entry more than
        // per column (on Cora's first layer, 9.7 ms forward and backward against 11.3 for two).
        long width = layer.weight.getShape().get(1);
        NDArray both = x.times(layer.weight.concat(layer.neighbourWeight, 1));
        yield both.get(new NDIndex(":, :{}", width))
            .add(meanAdjacency.matMul(both.get(new NDIndex(":, {}:", width))))
            .add(layer.bias);
      }
      case GAT -> attend(layer, x, masks);
      case SGC, MLP -> x.times(layer.weight).add(layer.bias);
    };
  }

  /**
   * One GAT layer. Scores {@code e = LeakyReLU(a_src·Wh_src + a_dst·Wh_dst)} per edge and head; the
   * softmax over a destination's in-edges is {@code exp(e) / (incidence · exp(e))[dst]}, shifted by
   * the global maximum for stability (a per-destination max would need a scatter).
   */
  private NDArray attend(Layer layer, Input x, DropoutMasks masks) {
    int nodes = graph.numNodes;
    int heads = layer.heads;
    int perHead = layer.perHead;
    NDArray projected = x.times(layer.weight); // N × H·F
    NDArray byHead = projected.reshape(nodes, heads, perHead);
    NDArray sourceScore = byHead.mul(layer.attentionSource).sum(new int[] {2}); // N × H
    NDArray targetScore = byHead.mul(layer.attentionTarget).sum(new int[] {2});
    NDArray scores =
        Activation.leakyRelu(
            edges.source().matMul(sourceScore).add(edges.target().matMul(targetScore)),
            LEAKY_SLOPE); // E × H
    NDArray weights = scores.sub(scores.max().stopGradient()).exp();
    NDArray totals = edges.target().matMul(edges.incidence().matMul(weights)); // E × H
    NDArray attention = weights.div(totals.add(1e-16f));
    attention = drop(attention, (float) settings.attentionDropout(), masks);
    NDArray messages =
        edges
            .source()
            .matMul(projected)
            .reshape(edges.edges(), heads, perHead)
            .mul(attention.expandDims(2))
            .reshape(edges.edges(), heads * perHead);
    NDArray aggregated = edges.incidence().matMul(messages); // N × H·F
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
    final NDArray normScale;
    final NDArray normShift;

    Layer(
        NDManager manager,
        ModelKind kind,
        int inputs,
        int width,
        int heads,
        boolean last,
        TrainSettings settings,
        SplittableRandom random) {
      this.inputs = inputs;
      this.heads = heads;
      this.perHead = width;
      this.last = last;
      boolean concat = kind == ModelKind.GAT && !last;
      this.outputs = concat ? heads * width : width;
      weight = glorot(manager, new Shape(inputs, heads * width), inputs, heads * width, random);
      neighbourWeight =
          kind == ModelKind.SAGE
              ? glorot(manager, new Shape(inputs, width), inputs, width, random)
              : null;
      if (kind == ModelKind.GAT) {
        attentionSource = glorot(manager, new Shape(1, heads, width), heads, width, random);
        attentionTarget = glorot(manager, new Shape(1, heads, width), heads, width, random);
      } else {
        attentionSource = null;
        attentionTarget = null;
      }
      bias = manager.zeros(new Shape(outputs));
      if (settings.layerNorm() && !last) {
        normScale = manager.ones(new Shape(outputs));
        normShift = manager.zeros(new Shape(outputs));
      } else {
        normScale = null;
        normShift = null;
      }
      for (NDArray p : parameters()) {
        p.setRequiresGradient(true);
      }
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
      list.add(bias);
      if (normScale != null) {
        list.add(normScale);
        list.add(normShift);
      }
      return list;
    }

    private static NDArray glorot(
        NDManager manager, Shape shape, int fanIn, int fanOut, SplittableRandom random) {
      double limit = Math.sqrt(6.0 / (fanIn + fanOut));
      float[] values = new float[(int) shape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
      }
      return manager.create(values, shape);
    }
  }
}
