package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A constant sparse matrix's entries laid out for products by gathering, {@code M·D} = for each
 * row, the sum of its entries' values times the rows of {@code D} their columns name. PyTorch's COO
 * product makes one BLAS axpy call per entry instead (see DEVELOPERS.md).
 *
 * <p>Entries are grouped by an outer index (row, or column for the transpose) into {@code groups}
 * of {@code slotsPerGroup}: for each slot, the inner index to gather and the entry whose value
 * scales it (none for padding). When outer indices hold similar numbers of entries (Cora's feature
 * rows: 1 to 30), every outer index is one group, padded to a multiple of the chunk size. Otherwise
 * (Cora's feature columns: 1 to 1,083) each group is a chunk and {@code owner}, outer × chunks,
 * adds up an outer index's chunks.
 */
final class GatherLayout {
  /** Padding every outer index to the longest may cost this much more than chunking. */
  private static final double UNIFORM_SLACK = 1.25;

  private final NDArray gatherIndex;

  /** Per slot, the entry whose value scales it; padding slots hold -1. */
  private final int[] valueSlot;

  private final NDArray owner;
  private final int groups;
  private final int slotsPerGroup;

  /** {@code gatherIndex} expanded to each width asked for (GCN: hidden and classes), kept. */
  private final Map<Long, NDArray> expandedIndex = new HashMap<>();

  private GatherLayout(
      NDArray gatherIndex, int[] valueSlot, NDArray owner, int groups, int slotsPerGroup) {
    this.gatherIndex = gatherIndex;
    this.valueSlot = valueSlot;
    this.owner = owner;
    this.groups = groups;
    this.slotsPerGroup = slotsPerGroup;
  }

  /**
   * @param outer each entry's outer index (its row in {@code M})
   * @param inner each entry's inner index (the row of {@code D} it gathers)
   * @param chunk slots per chunk
   */
  static GatherLayout of(NDManager manager, int[] outer, int[] inner, int outerSize, int chunk) {
    int entries = outer.length;
    int[] count = new int[outerSize];
    for (int o : outer) {
      count[o]++;
    }
    int[] firstChunk = new int[outerSize + 1];
    int mostChunks = 0;
    for (int o = 0; o < outerSize; o++) {
      int chunks = (count[o] + chunk - 1) / chunk;
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
    long[] gather = new long[chunks * chunk];
    int[] slot = new int[chunks * chunk];
    Arrays.fill(slot, -1);
    int[] filled = new int[outerSize];
    for (int k = 0; k < entries; k++) {
      int position = firstChunk[outer[k]] * chunk + filled[outer[k]]++;
      gather[position] = inner[k];
      slot[position] = k;
    }
    NDArray gatherIndex = manager.create(gather, new Shape(gather.length, 1));
    if (uniform) {
      return new GatherLayout(gatherIndex, slot, null, outerSize, mostChunks * chunk);
    }
    long[][] ownerIndices = new long[2][chunks];
    float[] ones = new float[chunks];
    for (int o = 0; o < outerSize; o++) {
      for (int c = firstChunk[o]; c < firstChunk[o + 1]; c++) {
        ownerIndices[0][c] = o;
        ownerIndices[1][c] = c;
        ones[c] = 1f;
      }
    }
    NDArray owner =
        JniUtils.createSparseCoo(
            (PtNDArray) manager.create(ownerIndices),
            (PtNDArray) manager.create(ones),
            new Shape(outerSize, chunks));
    return new GatherLayout(gatherIndex, slot, owner, chunks, chunk);
  }

  boolean isEmpty() {
    return groups * slotsPerGroup == 0;
  }

  /**
   * The slots' scale factors for the given entry values, zero in padding; constant values need this
   * once. Laid out on the host, where dropout draws its factors.
   */
  NDArray scale(NDManager manager, float[] entryValues) {
    float[] factors = new float[valueSlot.length];
    for (int s = 0; s < factors.length; s++) {
      int entry = valueSlot[s];
      factors[s] = entry < 0 ? 0f : entryValues[entry];
    }
    return HostArrays.floats(manager, factors, new Shape(groups, slotsPerGroup, 1));
  }

  /**
   * {@code M·D} for this layout's matrix {@code M} with entry values given by their {@link #scale}.
   */
  NDArray times(NDArray dense, NDArray scale) {
    long width = dense.getShape().get(1);
    NDArray index =
        expandedIndex.computeIfAbsent(
            width,
            w -> {
              // A view (no copy), made inside an epoch's scope: taken out of it to outlive it.
              NDArray expanded = gatherIndex.broadcast(new Shape(gatherIndex.size(), w));
              NDScope.unregister(expanded);
              return expanded;
            });
    NDArray gathered = dense.gather(index, 0);
    NDArray sums = gathered.reshape(groups, slotsPerGroup, width).mul(scale).sum(new int[] {1});
    return owner == null ? sums : owner.matMul(sums);
  }
}
