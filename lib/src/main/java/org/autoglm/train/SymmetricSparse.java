package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * A constant symmetric sparse matrix (GCN's normalised adjacency {@code Â}) times dense node rows.
 * For inputs up to {@link SparseFeatures#GATHER_MAX_WIDTH} columns the product gathers ({@link
 * GatherLayout}, chunks of {@value #CHUNK}: on Cora's 13k entries at 16 columns 0.25 against 0.43
 * ms for PyTorch's COO kernel; chunks of 2, 4 and 16 took 0.44, 0.29 and 0.49 ms). In training each
 * such product is a leaf for autograd, and {@link #backward} passes its gradient {@code G} back to
 * the product's input as {@code Âᵀ·G = Â·G}, newest product first, so every product's gradient is
 * complete before its own turn.
 */
final class SymmetricSparse {
  private static final int CHUNK = 8;

  private final NDArray coo;
  private final GatherLayout layout;
  private final NDArray scale;
  private final List<Pending> pending = new ArrayList<>();

  SymmetricSparse(NDManager manager, int size, int[] rows, int[] columns, float[] values) {
    long[][] indices = new long[2][rows.length];
    float[] padded = new float[values.length + 1];
    for (int k = 0; k < rows.length; k++) {
      indices[0][k] = rows[k];
      indices[1][k] = columns[k];
      padded[k] = values[k];
    }
    coo =
        JniUtils.createSparseCoo(
            (PtNDArray) manager.create(indices),
            (PtNDArray) manager.create(values),
            new Shape(size, size));
    layout = GatherLayout.of(manager, rows, columns, size, CHUNK);
    scale = layout.scale(manager.create(padded));
  }

  /** {@code Â·x}; in training, the gradient reaches {@code x} only through {@link #backward}. */
  NDArray times(NDArray x, boolean training) {
    if (x.getShape().get(1) > SparseFeatures.GATHER_MAX_WIDTH || layout.isEmpty()) {
      return coo.matMul(x);
    }
    if (!training) {
      return layout.times(x, scale);
    }
    NDArray product = layout.times(x.stopGradient(), scale);
    product.setRequiresGradient(true);
    pending.add(new Pending(x, product));
    return product;
  }

  /** Forgets products of a forward pass that was not backpropagated. */
  void clear() {
    pending.clear();
  }

  /** After the loss's backward pass: each training product's gradient, back to its input. */
  void backward() {
    for (int i = pending.size() - 1; i >= 0; i--) {
      Pending step = pending.get(i);
      NDArray inputGradient = layout.times(step.product().getGradient(), scale);
      JniUtils.backward((PtNDArray) step.input(), (PtNDArray) inputGradient, true, false);
    }
    pending.clear();
  }

  private record Pending(NDArray input, NDArray product) {}
}
