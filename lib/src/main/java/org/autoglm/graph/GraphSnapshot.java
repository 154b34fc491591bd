package org.autoglm.graph;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A cleaned graph as compact arrays: what one trial trains on. Node indices are dense {@code 0..n-1};
 * features are CSR rows; labels index {@link #classNames()} or are -1 when unknown.
 *
 * <p>Built on an executor from the clean tables and shipped to trial executors through the
 * filesystem (see {@code SnapshotStore}), never assembled on the driver.
 */
public final class GraphSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x41474c53; // "AGLS"
  private static final int FORMAT_VERSION = 1;

  /** Role of a node in the experiment's split. */
  public enum Split {
    NONE,
    TRAIN,
    VAL,
    TEST;

    /** Parses the canonical split column; null or empty means {@link #NONE}. */
    public static Split of(String value) {
      if (value == null || value.isEmpty()) {
        return NONE;
      }
      return switch (value) {
        case "train" -> TRAIN;
        case "val" -> VAL;
        case "test" -> TEST;
        default ->
            throw new IllegalArgumentException(
                "split '" + value + "' must be one of train, val, test or empty");
      };
    }
  }

  private final int numFeatures;
  private final List<String> classNames;
  private final int[] edgeSrc;
  private final int[] edgeDst;
  private final int[] featureRowStart;
  private final int[] featureColumns;
  private final float[] featureValues;
  private final int[] labels;
  private final byte[] splits;
  private final String fingerprint;

  private GraphSnapshot(
      int numFeatures,
      List<String> classNames,
      int[] edgeSrc,
      int[] edgeDst,
      int[] featureRowStart,
      int[] featureColumns,
      float[] featureValues,
      int[] labels,
      byte[] splits,
      String fingerprint) {
    this.numFeatures = numFeatures;
    this.classNames = List.copyOf(classNames);
    this.edgeSrc = edgeSrc;
    this.edgeDst = edgeDst;
    this.featureRowStart = featureRowStart;
    this.featureColumns = featureColumns;
    this.featureValues = featureValues;
    this.labels = labels;
    this.splits = splits;
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    validate();
  }

  private void validate() {
    int n = labels.length;
    require(splits.length == n, "splits length " + splits.length + " != nodes " + n);
    require(featureRowStart.length == n + 1, "feature row index must have nodes + 1 entries");
    require(edgeSrc.length == edgeDst.length, "edge arrays differ in length");
    require(featureColumns.length == featureValues.length, "feature arrays differ in length");
    require(featureRowStart[n] == featureColumns.length, "feature row index does not cover all");
    for (int i = 0; i < edgeSrc.length; i++) {
      require(
          edgeSrc[i] >= 0 && edgeSrc[i] < n && edgeDst[i] >= 0 && edgeDst[i] < n,
          "edge " + i + " (" + edgeSrc[i] + " -> " + edgeDst[i] + ") is outside 0.." + (n - 1));
    }
    for (int column : featureColumns) {
      require(column >= 0 && column < numFeatures, "feature column " + column + " out of range");
    }
    for (int label : labels) {
      require(label >= -1 && label < classNames.size(), "label " + label + " out of range");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid graph snapshot: " + message);
    }
  }

  public int numNodes() {
    return labels.length;
  }

  public int numEdges() {
    return edgeSrc.length;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public int numClasses() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public int edgeSrc(int edge) {
    return edgeSrc[edge];
  }

  public int edgeDst(int edge) {
    return edgeDst[edge];
  }

  public int featureRowStart(int node) {
    return featureRowStart[node];
  }

  public int featureColumn(int entry) {
    return featureColumns[entry];
  }

  public float featureValue(int entry) {
    return featureValues[entry];
  }

  public int numFeatureEntries() {
    return featureColumns.length;
  }

  public int label(int node) {
    return labels[node];
  }

  public Split split(int node) {
    return Split.values()[splits[node]];
  }

  /** Indices of the nodes in {@code split} that have a label, ascending. */
  public int[] labelledNodes(Split split) {
    return java.util.stream.IntStream.range(0, numNodes())
        .filter(i -> splits[i] == split.ordinal() && labels[i] >= 0)
        .toArray();
  }

  /** Writes the snapshot in its binary form; {@link #read} is the inverse. */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeUTF(fingerprint);
    out.writeInt(numFeatures);
    out.writeInt(classNames.size());
    for (String name : classNames) {
      out.writeUTF(name);
    }
    writeInts(out, edgeSrc);
    writeInts(out, edgeDst);
    writeInts(out, featureRowStart);
    writeInts(out, featureColumns);
    out.writeInt(featureValues.length);
    for (float v : featureValues) {
      out.writeFloat(v);
    }
    writeInts(out, labels);
    out.writeInt(splits.length);
    out.write(splits);
  }

  /** Reads a snapshot written by {@link #write}. */
  public static GraphSnapshot read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a graph snapshot (bad magic number)");
    }
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "graph snapshot format " + version + " is not supported; rebuild it with this version");
    }
    String fingerprint = in.readUTF();
    int numFeatures = in.readInt();
    String[] classNames = new String[in.readInt()];
    for (int i = 0; i < classNames.length; i++) {
      classNames[i] = in.readUTF();
    }
    int[] edgeSrc = readInts(in);
    int[] edgeDst = readInts(in);
    int[] rowStart = readInts(in);
    int[] columns = readInts(in);
    float[] values = new float[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    int[] labels = readInts(in);
    byte[] splits = new byte[in.readInt()];
    in.readFully(splits);
    return new GraphSnapshot(
        numFeatures,
        Arrays.asList(classNames),
        edgeSrc,
        edgeDst,
        rowStart,
        columns,
        values,
        labels,
        splits,
        fingerprint);
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  public static Builder builder(int numNodes, int numFeatures, List<String> classNames) {
    return new Builder(numNodes, numFeatures, classNames);
  }

  /** Accumulates nodes in index order and edges in any order. */
  public static final class Builder {
    private final int numNodes;
    private final int numFeatures;
    private final List<String> classNames;
    private final int[] labels;
    private final byte[] splits;
    private final int[] rowStart;
    private IntArray columns = new IntArray();
    private FloatArray values = new FloatArray();
    private final IntArray edgeSrc = new IntArray();
    private final IntArray edgeDst = new IntArray();
    private int nextNode;

    private Builder(int numNodes, int numFeatures, List<String> classNames) {
      this.numNodes = numNodes;
      this.numFeatures = numFeatures;
      this.classNames = classNames;
      this.labels = new int[numNodes];
      this.splits = new byte[numNodes];
      this.rowStart = new int[numNodes + 1];
    }

    /** Adds the next node (index = number of nodes added so far). */
    public Builder addNode(int label, Split split, int[] featureColumns, float[] featureValues) {
      if (nextNode >= numNodes) {
        throw new IllegalStateException("more nodes than the declared " + numNodes);
      }
      labels[nextNode] = label;
      splits[nextNode] = (byte) split.ordinal();
      for (int k = 0; k < featureColumns.length; k++) {
        columns.add(featureColumns[k]);
        values.add(featureValues[k]);
      }
      nextNode++;
      rowStart[nextNode] = columns.size();
      return this;
    }

    public Builder addEdge(int src, int dst) {
      edgeSrc.add(src);
      edgeDst.add(dst);
      return this;
    }

    public GraphSnapshot build(String fingerprint) {
      if (nextNode != numNodes) {
        throw new IllegalStateException("added " + nextNode + " nodes, declared " + numNodes);
      }
      return new GraphSnapshot(
          numFeatures,
          classNames,
          edgeSrc.toArray(),
          edgeDst.toArray(),
          rowStart,
          columns.toArray(),
          values.toArray(),
          labels,
          splits,
          fingerprint);
    }
  }

  private static final class IntArray {
    private int[] data = new int[16];
    private int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  private static final class FloatArray {
    private float[] data = new float[16];
    private int size;

    void add(float v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
