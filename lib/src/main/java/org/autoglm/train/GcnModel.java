package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two-layer graph convolutional network (Kipf and Welling, 2017): {@code Â·relu(Â·X·W1 + b1)·W2 +
 * b2}, with dropout on the input features and the hidden layer.
 */
final class GcnModel {
  final NDArray w1;
  final NDArray b1;
  final NDArray w2;
  final NDArray b2;
  private final float dropout;

  GcnModel(NDManager manager, int inputs, int hidden, int classes, float dropout, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    this.w1 = glorot(manager, inputs, hidden, random);
    this.b1 = manager.zeros(new Shape(hidden));
    this.w2 = glorot(manager, hidden, classes, random);
    this.b2 = manager.zeros(new Shape(classes));
    this.dropout = dropout;
    for (NDArray p : parameters()) {
      p.setRequiresGradient(true);
    }
  }

  List<NDArray> parameters() {
    return List.of(w1, b1, w2, b2);
  }

  /** Parameters under the L2 penalty: the first layer's weights, as in the paper. */
  List<NDArray> decayedParameters() {
    return List.of(w1);
  }

  /** Class scores (logits) for every node. */
  NDArray forward(GraphTensors graph, boolean training) {
    NDArray x = graph.features(training, dropout);
    NDArray hidden = graph.adjacency.matMul(x.matMul(w1)).add(b1).getNDArrayInternal().relu();
    if (training && dropout > 0f) {
      hidden = Dropout.dropout(hidden, dropout, true).singletonOrThrow();
    }
    return graph.adjacency.matMul(hidden.matMul(w2)).add(b2);
  }

  private static NDArray glorot(NDManager manager, int fanIn, int fanOut, SplittableRandom random) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] values = new float[fanIn * fanOut];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return manager.create(values, new Shape(fanIn, fanOut));
  }
}
