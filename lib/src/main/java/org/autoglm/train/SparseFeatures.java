package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

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

  /** The values with one zero appended, which chunk padding points at. */
  private final NDArray paddedValues;

  private final NDArray coo;
  private final Chunks byRow;
  private final Chunks byColumn;
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
    byRow = Chunks.of(manager, rows, columns, numRows);
    byColumn = Chunks.of(manager, columns, rows, numColumns);
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
    NDArray product = byRow.times(weight.stopGradient(), entryValues);
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
    NDArray weightGradient = byColumn.times(step.product().getGradient(), step.values());
    JniUtils.backward((PtNDArray) step.weight(), (PtNDArray) weightGradient, false, false);
  }

  private NDArray coo(NDArray entryValues) {
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) entryValues, shape);
  }

  private record Pending(NDArray weight, NDArray product, NDArray values) {}

  /**
   * A sparse matrix's entries grouped by an outer index (row, or column for the transpose) into
   * {@code groups} of {@code slotsPerGroup}: for each slot, the inner index to gather and the entry
   * whose value scales it (padding: the appended zero). When outer indices hold similar numbers of
   * entries (Cora's rows: 1 to 30), every outer index is one group, padded to a multiple of {@link
   * #CHUNK}. Otherwise (Cora's columns: 1 to 1,083) each group is a chunk of {@link #CHUNK} and
   * {@code owner}, outer × chunks, adds up an outer index's chunks.
   */
  private record Chunks(
      NDArray gatherIndex, NDArray valueSlot, NDArray owner, int groups, int slotsPerGroup) {

    /** Padding every outer index to the longest may cost this much more than chunking. */
    private static final double UNIFORM_SLACK = 1.25;

    static Chunks of(NDManager manager, int[] outer, int[] inner, int outerSize) {
      int entries = outer.length;
      int[] count = new int[outerSize];
      for (int o : outer) {
        count[o]++;
      }
      int[] firstChunk = new int[outerSize + 1];
      int mostChunks = 0;
      for (int o = 0; o < outerSize; o++) {
        int chunks = (count[o] + CHUNK - 1) / CHUNK;
        firstChunk[o + 1] = firstChunk[o] + chunks;
        mostChunks = Math.max(mostChunks, chunks);
      }
      boolean uniform = (long) outerSize * mostChunks <= UNIFORM_SLACK * firstChunk[outerSize];
      if (uniform) {
        for (int o = 0; o <= outerSize; o++) {
          firstChunk[o] = o * mostChunks;
        }
      }
      int chunks = firstChunk[outerSize];
      long[] gather = new long[chunks * CHUNK];
      long[] slot = new long[chunks * CHUNK];
      Arrays.fill(slot, entries);
      int[] filled = new int[outerSize];
      for (int k = 0; k < entries; k++) {
        int position = firstChunk[outer[k]] * CHUNK + filled[outer[k]]++;
        gather[position] = inner[k];
        slot[position] = k;
      }
      NDArray gatherIndex = manager.create(gather, new Shape(gather.length, 1));
      NDArray valueSlot = manager.create(slot);
      if (uniform) {
        return new Chunks(gatherIndex, valueSlot, null, outerSize, mostChunks * CHUNK);
      }
      long[][] ownerIndices = new long[2][chunks];
      float[] ones = new float[chunks];
      for (int o = 0; o < outerSize; o++) {
        for (int chunk = firstChunk[o]; chunk < firstChunk[o + 1]; chunk++) {
          ownerIndices[0][chunk] = o;
          ownerIndices[1][chunk] = chunk;
          ones[chunk] = 1f;
        }
      }
      NDArray owner =
          JniUtils.createSparseCoo(
              (PtNDArray) manager.create(ownerIndices),
              (PtNDArray) manager.create(ones),
              new Shape(outerSize, chunks));
      return new Chunks(gatherIndex, valueSlot, owner, chunks, CHUNK);
    }

    boolean isEmpty() {
      return groups * slotsPerGroup == 0;
    }

    /** {@code M·D} for this layout's matrix {@code M} with the given entry values. */
    NDArray times(NDArray dense, NDArray entryValues) {
      long width = dense.getShape().get(1);
      NDArray gathered =
          dense.gather(gatherIndex.broadcast(new Shape(gatherIndex.size(), width)), 0);
      NDArray scale =
          entryValues.get(new NDIndex("{}", valueSlot)).reshape(groups, slotsPerGroup, 1);
      NDArray sums = gathered.reshape(groups, slotsPerGroup, width).mul(scale).sum(new int[] {1});
      return owner == null ? sums : owner.matMul(sums);
    }
  }
}
