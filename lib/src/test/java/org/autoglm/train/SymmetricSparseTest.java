package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricSparseTest {
  private static final int SIZE = 30;

  /**
   * Two products in a row, the loss reading the first directly too (as a residual connection does):
   * the input's gradient matches autograd through the dense matrix, in training and inference.
   */
  @Test
  @SuppressWarnings("try") // the scope records the graph; nothing calls it
  void chainedProductsBackpropagateAsTheDenseMatrixDoes() {
    SplittableRandom random = new SplittableRandom(5);
    float[] dense = new float[SIZE * SIZE];
    List<int[]> entries = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      for (int j = i; j < SIZE; j++) {
        // Node 0 is linked to all (a row longer than a chunk); node 9 to none but itself.
        boolean linked = i == j || (i == 0 && j != 9) || (i != 9 && random.nextDouble() < 0.1);
        if (linked) {
          float value = (float) (0.1 + random.nextDouble());
          dense[i * SIZE + j] = value;
          dense[j * SIZE + i] = value;
        }
      }
    }
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        if (dense[i * SIZE + j] != 0f) {
          entries.add(new int[] {i, j});
        }
      }
    }
    int[] rows = entries.stream().mapToInt(e -> e[0]).toArray();
    int[] columns = entries.stream().mapToInt(e -> e[1]).toArray();
    float[] values = new float[rows.length];
    for (int k = 0; k < values.length; k++) {
      values[k] = dense[rows[k] * SIZE + columns[k]];
    }
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            SymmetricSparse sparse = new SymmetricSparse(manager, SIZE, rows, columns, values);
            NDArray matrix = manager.create(dense, new Shape(SIZE, SIZE));
            NDArray x = manager.randomNormal(new Shape(SIZE, 5));
            NDArray u = manager.randomNormal(new Shape(SIZE, 5));
            NDArray v = manager.randomNormal(new Shape(SIZE, 5));
            x.setRequiresGradient(true);

            float[] expected;
            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              NDArray h = matrix.matMul(x.mul(2f));
              NDArray z = matrix.matMul(h.tanh().add(x));
              backward(z.mul(u).sum().add(h.mul(v).sum()));
            }
            expected = x.getGradient().toFloatArray();
            x.getGradient().subi(x.getGradient());

            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              HandBackward tape = new HandBackward();
              NDArray h = sparse.times(x.mul(2f), tape);
              NDArray z = sparse.times(h.tanh().add(x), tape);
              assertThat(z.toFloatArray())
                  .containsExactly(
                      matrix.matMul(matrix.matMul(x.mul(2f)).tanh().add(x)).toFloatArray(),
                      within(1e-4f));
              tape.backward(z.mul(u).sum().add(h.mul(v).sum()));
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(expected, within(1e-4f));
            assertThat(sparse.times(x, null).toFloatArray())
                .containsExactly(matrix.matMul(x).toFloatArray(), within(1e-4f));
          }
          return null;
        });
  }

  /** Backpropagates a scalar, as a gradient collector would. */
  private static void backward(NDArray target) {
    JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), false, false);
  }
}
