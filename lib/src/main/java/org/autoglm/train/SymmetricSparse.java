package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A constant symmetric sparse matrix (GCN's normalised adjacency {@code Â}) times dense node rows.
 * For inputs up to {@link SparseFeatures#GATHER_MAX_WIDTH} columns the product gathers ({@link
 * GatherLayout}, chunks of {@value #CHUNK}: on Cora's 13k entries at 16 columns 0.25 against 0.43
 * ms for PyTorch's COO kernel; chunks of 2, 4 and 16 took 0.44, 0.29 and 0.49 ms). In training its
 * gradient {@code G} goes back to the input by {@link HandBackward} as {@code Âᵀ·G = Â·G}.
 */
final class SymmetricSparse {
  private static final int CHUNK = 8;

  private final NDManager manager;
  private final Shape shape;
  private final NDArray indices;
  private final float[] values;
  private final NDArray coo;
  private final GatherLayout layout;
  private final NDArray scale;

  SymmetricSparse(NDManager manager, int size, int[] rows, int[] columns, float[] values) {
    this.manager = manager;
    this.shape = new Shape(size, size);
    this.indices = GraphTensors.cooIndices(manager, rows, columns);
    this.values = values.clone();
    coo = GraphTensors.coo(indices, manager.create(values), shape);
    layout = GatherLayout.of(manager, rows, columns, size, CHUNK);
    scale = layout.scale(manager, values);
  }

  private SymmetricSparse(SymmetricSparse whole, float[] kept) {
    manager = whole.manager;
    shape = whole.shape;
    indices = whole.indices;
    values = kept;
    coo =
        GraphTensors.coo(indices, HostArrays.floats(manager, kept, new Shape(kept.length)), shape);
    layout = whole.layout;
    scale = layout.scale(manager, kept);
  }

  /**
   * This matrix with each entry multiplied by its factor (null: this one). The factors must keep
   * the matrix symmetric — both directions of an edge share one — or the training gradient is
   * wrong. The new tensors belong to the caller's scope (one epoch).
   */
  SymmetricSparse scaled(float[] factors) {
    if (factors == null) {
      return this;
    }
    if (factors.length != values.length) {
      throw new IllegalArgumentException(
          factors.length + " edge factors for " + values.length + " stored entries");
    }
    float[] kept = new float[values.length];
    for (int k = 0; k < kept.length; k++) {
      kept[k] = values[k] * factors[k];
    }
    return new SymmetricSparse(this, kept);
  }

  /**
   * {@code Â·x}; in training ({@code tape} not null) the gradient reaches {@code x} by the tape.
   */
  NDArray times(NDArray x, HandBackward tape) {
    if (x.getShape().get(1) > SparseFeatures.GATHER_MAX_WIDTH || layout.isEmpty()) {
      return coo.matMul(x);
    }
    if (tape == null) {
      return layout.times(x, scale);
    }
    NDArray product = layout.times(x.stopGradient(), scale);
    return tape.record(x, product, gradient -> layout.times(gradient, scale));
  }
}
