package org.autoglm.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A cleaned graph as compact arrays: what one trial trains on. Node indices are dense {@code
 * 0..n-1}; features are CSR rows; labels index {@link #classNames()} or are -1 when unknown.
 *
 * <p>Written by executors from the clean tables in {@link SnapshotFormat} and loaded once per trial
 * executor JVM: it never passes through the driver.
 */
public final class GraphSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

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

  /** A sampled batch's nodes' degrees in the graph it was drawn from; null for a whole graph. */
  private final int[] sourceDegrees;

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
      String fingerprint,
      int[] sourceDegrees) {
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
    this.sourceDegrees = sourceDegrees;
    validate();
  }

  private void validate() {
    int n = labels.length;
    require(splits.length == n, "splits length " + splits.length + " != nodes " + n);
    require(featureRowStart.length == n + 1, "feature row index must have nodes + 1 entries");
    require(edgeSrc.length == edgeDst.length, "edge arrays differ in length");
    require(featureColumns.length == featureValues.length, "feature arrays differ in length");
    require(featureRowStart[n] == featureColumns.length, "feature row index does not cover all");
    require(sourceDegrees == null || sourceDegrees.length == n, "source degrees != nodes");
    // Messages are built only on failure: these loops run over every edge of every batch.
    for (int i = 0; i < edgeSrc.length; i++) {
      if (edgeSrc[i] < 0 || edgeSrc[i] >= n || edgeDst[i] < 0 || edgeDst[i] >= n) {
        require(
            false,
            "edge " + i + " (" + edgeSrc[i] + " -> " + edgeDst[i] + ") is outside 0.." + (n - 1));
      }
    }
    for (int column : featureColumns) {
      if (column < 0 || column >= numFeatures) {
        require(false, "feature column " + column + " out of range");
      }
    }
    for (int label : labels) {
      if (label < -1 || label >= classNames.size()) {
        require(false, "label " + label + " out of range");
      }
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid graph snapshot: " + message);
    }
  }

  /**
   * Node {@code node}'s number of neighbours in the graph this batch was sampled from (GCN
   * normalises by it, as on the whole graph), or -1 when this is a whole graph.
   */
  int sourceDegree(int node) {
    return sourceDegrees == null ? -1 : sourceDegrees[node];
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

  /** The feature columns of {@code node}'s row, a copy. */
  public int[] featureColumns(int node) {
    return Arrays.copyOfRange(featureColumns, featureRowStart[node], featureRowStart[node + 1]);
  }

  /** The feature values of {@code node}'s row, a copy, in {@link #featureColumns}' order. */
  public float[] featureValues(int node) {
    return Arrays.copyOfRange(featureValues, featureRowStart[node], featureRowStart[node + 1]);
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
    private final IntArray columns = new IntArray();
    private final FloatArray values = new FloatArray();
    private final IntArray edgeSrc = new IntArray();
    private final IntArray edgeDst = new IntArray();
    private int[] sourceDegrees;
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

    /** Each node's degree in the graph a sampled batch comes from (see {@link #sourceDegree}). */
    Builder sourceDegrees(int[] degrees) {
      sourceDegrees = degrees.clone();
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
          fingerprint,
          sourceDegrees);
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
