package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdgeOperatorsTest {
  private static final int NODES = 12;
  private static final int EDGES = 40;

  /**
   * A GAT-shaped chain — endpoint rows, a per-destination sum left to autograd, a wide sum by the
   * tape — gives the products and the input's gradient that autograd gives through the dense
   * selector and incidence matrices, in training and in inference.
   */
  @Test
  @SuppressWarnings("try") // the scope records the graph; nothing calls it
  void picksAndSumsBackpropagateAsTheDenseMatricesDo() {
    SplittableRandom random = new SplittableRandom(11);
    int[] src = new int[EDGES];
    int[] dst = new int[EDGES];
    float[] source = new float[EDGES * NODES];
    float[] target = new float[EDGES * NODES];
    float[] incidence = new float[NODES * EDGES];
    for (int e = 0; e < EDGES; e++) {
      // Node 0 receives a third of the edges; node 5 none.
      src[e] = random.nextInt(NODES);
      dst[e] = e % 3 == 0 ? 0 : 1 + random.nextInt(NODES - 2);
      dst[e] = dst[e] == 5 ? NODES - 1 : dst[e];
      source[e * NODES + src[e]] = 1f;
      target[e * NODES + dst[e]] = 1f;
      incidence[dst[e] * EDGES + e] = 1f;
    }
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            EdgeOperators edges = new EdgeOperators(manager, NODES, src, dst);
            NDArray pickSource = manager.create(source, new Shape(EDGES, NODES));
            NDArray pickTarget = manager.create(target, new Shape(EDGES, NODES));
            NDArray sum = manager.create(incidence, new Shape(NODES, EDGES));
            NDArray x = manager.randomNormal(new Shape(NODES, 6));
            NDArray u = manager.randomNormal(new Shape(NODES, 6));
            x.setRequiresGradient(true);

            float[] expectedOut;
            float[] expected;
            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              NDArray weights = pickSource.matMul(x).add(pickTarget.matMul(x.tanh())).exp();
              NDArray shares = weights.div(pickTarget.matMul(sum.matMul(weights)));
              NDArray out = sum.matMul(shares.mul(pickSource.matMul(x)));
              expectedOut = out.toFloatArray();
              backward(out.mul(u).sum());
            }
            expected = x.getGradient().toFloatArray();
            x.getGradient().subi(x.getGradient());

            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              HandBackward tape = new HandBackward();
              NDArray weights = edges.atSource(x).add(edges.atTarget(x.tanh())).exp();
              NDArray shares = weights.div(edges.atTarget(edges.sumAtTarget(weights, null)));
              NDArray out = edges.sumAtTarget(shares.mul(edges.atSource(x)), tape);
              assertThat(out.toFloatArray()).containsExactly(expectedOut, within(1e-4f));
              tape.backward(out.mul(u).sum());
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(expected, within(1e-4f));
            assertThat(edges.sumAtTarget(edges.atSource(x), null).toFloatArray())
                .containsExactly(sum.matMul(pickSource.matMul(x)).toFloatArray(), within(1e-4f));
          }
          return null;
        });
  }

  /** Backpropagates a scalar, as a gradient collector would. */
  private static void backward(NDArray target) {
    JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), false, false);
  }
}
