package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
 * as slow as the COO kernel, so the weight gradient is handed back by {@link HandBackward}, which
 * accumulates it into a parameter or passes it on through a weight computed from parameters (SAGE's
 * {@code [Wr | Wn]}).
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

  /**
   * From this share of stored entries on, {@code X·W} multiplies a dense {@code X}: the COO
   * kernel's per-entry calls, and the gather layouts' construction, cost more than the zeros. On
   * the 128-feature synthetic graph (12.5 % stored) a sampled GraphSAGE epoch went from 5.1 to 4.5
   * s.
   */
  static final double DENSE_SHARE = 0.05;

  private final Shape shape;
  private final NDArray indices;

  /** The stored entries' values, on the host: dropout scales them there. */
  private final float[] values;

  private final NDArray coo;
  private final int[] rows;
  private final int[] columns;

  /**
   * Whether products multiply {@code X} dense ({@link #DENSE_SHARE}); then there is no COO tensor
   * and there are no gather layouts.
   */
  private final boolean denseInput;

  /** {@code X} dense, without dropout, when {@link #denseInput}. */
  private final NDArray dense;

  private final GatherLayout byRow;
  private final GatherLayout byColumn;

  /** The layouts' scale factors without dropout. */
  private final NDArray rowScale;

  private final NDArray columnScale;

  /**
   * @param rows each stored entry's row
   * @param columns each stored entry's column
   * @param values each stored entry's value
   */
  SparseFeatures(
      NDManager manager, int numRows, int numColumns, int[] rows, int[] columns, float[] values) {
    shape = new Shape(numRows, numColumns);
    this.values = values.clone();
    this.rows = rows;
    this.columns = columns;
    denseInput = isDense(numRows, numColumns, values.length);
    indices = denseInput ? null : GraphTensors.cooIndices(manager, rows, columns);
    coo = denseInput ? null : GraphTensors.coo(indices, manager.create(values), shape);
    dense = denseInput ? HostArrays.floats(manager, denseMatrix(values), shape) : null;
    byRow = denseInput ? null : GatherLayout.of(manager, rows, columns, numRows, CHUNK);
    byColumn = denseInput ? null : GatherLayout.of(manager, columns, rows, numColumns, CHUNK);
    rowScale = denseInput ? null : byRow.scale(manager, values);
    columnScale = denseInput ? null : byColumn.scale(manager, values);
  }

  /** How many entries are stored: the length of the dropout factors {@link #times} takes. */
  int entries() {
    return values.length;
  }

  /**
   * {@code X·W}, each stored entry multiplied by its factor in {@code dropout} (null: none). In
   * training ({@code tape} not null) the product is recorded on the tape for the weight's gradient.
   */
  NDArray times(NDArray weight, float[] dropout, HandBackward tape) {
    NDManager manager = weight.getManager();
    float[] kept = dropout == null ? values : multiply(values, dropout);
    if (denseInput) {
      NDArray matrix =
          dropout == null ? dense : HostArrays.floats(manager, denseMatrix(kept), shape);
      return matrix.matMul(weight);
    }
    if (weight.getShape().get(1) > GATHER_MAX_WIDTH || byRow.isEmpty()) {
      NDArray matrix =
          dropout == null
              ? coo
              : GraphTensors.coo(
                  indices, HostArrays.floats(manager, kept, new Shape(kept.length)), shape);
      return matrix.matMul(weight);
    }
    NDArray product =
        byRow.times(weight.stopGradient(), dropout == null ? rowScale : byRow.scale(manager, kept));
    if (tape == null) {
      return product;
    }
    NDArray scale = dropout == null ? columnScale : byColumn.scale(manager, kept);
    return tape.record(weight, product, gradient -> byColumn.times(gradient, scale));
  }

  /** Whether products multiply {@code X} dense: see {@link #DENSE_SHARE}. */
  static boolean isDense(long rows, long columns, long entries) {
    return entries >= DENSE_SHARE * rows * columns;
  }

  /** {@code X} with the stored entries' values {@code kept}, row-major. */
  private float[] denseMatrix(float[] kept) {
    float[] matrix = new float[Math.toIntExact(shape.get(0) * shape.get(1))];
    int width = (int) shape.get(1);
    for (int k = 0; k < kept.length; k++) {
      matrix[rows[k] * width + columns[k]] += kept[k];
    }
    return matrix;
  }

  private static float[] multiply(float[] values, float[] factors) {
    if (factors.length != values.length) {
      throw new IllegalArgumentException(
          factors.length + " dropout factors for " + values.length + " stored entries");
    }
    float[] product = new float[values.length];
    for (int i = 0; i < product.length; i++) {
      product[i] = values[i] * factors[i];
    }
    return product;
  }
}
