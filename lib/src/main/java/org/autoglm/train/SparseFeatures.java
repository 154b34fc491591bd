package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The node feature matrix {@code X}, kept sparse, and its product {@code X·W} with a layer's
 * weights, the first operation of every model but SGC. Dropout in training applies to the stored
 * entries.
 *
 * <p>For narrow {@code W} the product does not use PyTorch's COO kernel, which makes one BLAS axpy
 * call per stored entry forward and again backward: on Cora's 49k entries and 16 columns that is
 * 1.6 ms forward and 3.7 ms with the backward, most of a GCN step. Instead the entries are laid out
 * in padded groups twice: by row, for {@code X·W}, and by column, for the weight gradient {@code
 * Xᵀ·G}. Each direction is then a gather of dense rows, a scale by the entries' values, a sum per
 * group, and where a row (or column) spans several groups a small sparse sum of them — 0.4 ms
 * forward and 0.7 ms backward on Cora. Autograd would differentiate the gather with a scatter-add,
 * as slow as the COO kernel, so the weight gradient is computed here after the loss's backward pass
 * ({@link #backward}) and handed to autograd as {@code W}'s gradient, which it accumulates into a
 * parameter or passes on through a weight computed from parameters (SAGE's {@code [Wr | Wn]}).
 *
 * <p>Holds the state of one training step between forward and backward; a model's trainer runs one
 * step at a time (see {@link DjlRuntime}).
 */
final class SparseFeatures {
  /** Entries per chunk: of 8, 16 and 32, 16 was fastest on Cora at 16 output columns. */
  private static final int CHUNK = 16;

  /**
   * The widest {@code W} multiplied by gathering. The gathered tensor grows with the width, and
   * PyTorch's kernel barely does: on Cora, forward and backward at 32 columns took 2.0 against 4.1
   * ms, at 48 columns 2.8 against 4.2, at 64 columns 8.2 against 4.3.
   */
  static final int GATHER_MAX_WIDTH = 32;

  private final Shape shape;
  private final NDArray indices;
  private final NDArray values;

  /** The values with one zero appended, which layout padding points at. */
  private final NDArray paddedValues;

  private final NDArray coo;
  private final GatherLayout byRow;
  private final GatherLayout byColumn;

  /** The layouts' scale factors without dropout. */
  private final NDArray rowScale;

  private final NDArray columnScale;

  private Pending pending;

  /**
   * @param rows each stored entry's row
   * @param columns each stored entry's column
   * @param values each stored entry's value
   */
  SparseFeatures(
      NDManager manager, int numRows, int numColumns, int[] rows, int[] columns, float[] values) {
    long[] r = new long[rows.length];
    long[] c = new long[columns.length];
    float[] padded = new float[values.length + 1];
    for (int k = 0; k < rows.length; k++) {
      r[k] = rows[k];
      c[k] = columns[k];
      padded[k] = values[k];
    }
    shape = new Shape(numRows, numColumns);
    indices = manager.create(new long[][] {r, c});
    this.values = manager.create(values);
    paddedValues = manager.create(padded);
    coo = coo(this.values);
    byRow = GatherLayout.of(manager, rows, columns, numRows, CHUNK);
    byColumn = GatherLayout.of(manager, columns, rows, numColumns, CHUNK);
    rowScale = byRow.scale(paddedValues);
    columnScale = byColumn.scale(paddedValues);
  }

  /**
   * {@code X·W}, with dropout at {@code rate} on the stored entries in training. The weight's
   * gradient is complete only after {@link #backward}.
   */
  NDArray times(NDArray weight, float rate, boolean training) {
    pending = null;
    if (weight.getShape().get(1) > GATHER_MAX_WIDTH || byRow.isEmpty()) {
      boolean dropping = training && rate > 0f;
      return (dropping ? coo(InvertedDropout.apply(values, rate, true)) : coo).matMul(weight);
    }
    NDArray entryValues = InvertedDropout.apply(paddedValues, rate, training);
    NDArray scale = entryValues == paddedValues ? rowScale : byRow.scale(entryValues);
    NDArray product = byRow.times(weight.stopGradient(), scale);
    if (training) {
      product.setRequiresGradient(true);
      pending = new Pending(weight, product, entryValues);
    }
    return product;
  }

  /**
   * Completes the loss's backward pass through the last training {@link #times}: the weight's
   * gradient {@code Xᵀ·G}, from the product's gradient {@code G}.
   */
  void backward() {
    if (pending == null) {
      return;
    }
    Pending step = pending;
    pending = null;
    NDArray scale = step.values() == paddedValues ? columnScale : byColumn.scale(step.values());
    NDArray weightGradient = byColumn.times(step.product().getGradient(), scale);
    JniUtils.backward((PtNDArray) step.weight(), (PtNDArray) weightGradient, false, false);
  }

  private NDArray coo(NDArray entryValues) {
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) entryValues, shape);
  }

  private record Pending(NDArray weight, NDArray product, NDArray values) {}
}
