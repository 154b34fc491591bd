package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * A snapshot turned into engine tensors once per trial: sparse features, training targets, and the
 * constant sparse operators the chosen model aggregates with. There is no scatter-add on DJL's
 * PyTorch engine, so every aggregation is a constant sparse matrix times dense messages, and
 * gradients flow through the dense side only: by PyTorch's COO kernel, or for narrow messages by
 * gathering ({@link SparseFeatures}, {@link SymmetricSparse}).
 *
 * <p>Sparse tensors are built from live index/value tensors with {@code JniUtils.createSparseCoo},
 * which shares their storage; {@code NDManager.createCoo} closes those inputs and would leave the
 * result pointing at freed memory.
 */
final class GraphTensors {
  final int numNodes;
  final int numFeatures;
  final int numClasses;
  private final NDManager manager;
  private final float[] rowScale;
  private final GraphSnapshot graph;

  /** Undirected neighbour pairs {@code (row, col)}, both directions, no self-loops, sorted. */
  private final int[] pairRows;

  private final int[] pairCols;

  /** Per neighbour pair, its undirected edge: both directions of an edge share one index. */
  private final int[] pairEdge;

  /** Undirected edges between distinct nodes: what DropEdge draws over. */
  final int numUndirectedEdges;

  /** Each stored feature entry's row and column: augmentation scales entries by both. */
  private final int[] featureRows;

  private final int[] featureCols;

  // Built here, not on first use: a tensor first made inside an epoch's scope dies with it.
  final SparseFeatures features;

  /**
   * {@code -1/|train|} at each training node's label, zero elsewhere: the mean cross-entropy over
   * the training nodes is {@code sum(logSoftmax(logits) ⊙ trainLossWeights)}, with no row gather.
   */
  final NDArray trainLossWeights;

  final int[] valNodes;
  final int[] testNodes;
  final int[] labels;

  GraphTensors(NDManager manager, GraphSnapshot graph, TrainSettings.FeatureNorm norm) {
    this(manager, graph, norm, null);
  }

  /**
   * As above, each training node's loss weighed by {@code trainWeights[node]} instead of {@code
   * 1/|train|}: a sampled subgraph's normalisation ({@link WalkSampler}).
   */
  GraphTensors(
      NDManager manager,
      GraphSnapshot graph,
      TrainSettings.FeatureNorm norm,
      float[] trainWeights) {
    this.manager = manager;
    this.graph = graph;
    numNodes = graph.numNodes();
    numFeatures = graph.numFeatures();
    numClasses = graph.numClasses();
    rowScale = new float[numNodes];
    for (int node = 0; node < numNodes; node++) {
      double sum = 0;
      for (int k = graph.featureRowStart(node); k < graph.featureRowStart(node + 1); k++) {
        sum += graph.featureValue(k);
      }
      rowScale[node] = norm == TrainSettings.FeatureNorm.ROW && sum != 0 ? (float) (1 / sum) : 1f;
    }

    int entries = graph.numFeatureEntries();
    featureRows = new int[entries];
    featureCols = new int[entries];
    float[] values = new float[entries];
    for (int node = 0; node < numNodes; node++) {
      for (int k = graph.featureRowStart(node); k < graph.featureRowStart(node + 1); k++) {
        featureRows[k] = node;
        featureCols[k] = graph.featureColumn(k);
        values[k] = graph.featureValue(k) * rowScale[node];
      }
    }
    features = new SparseFeatures(manager, numNodes, numFeatures, featureRows, featureCols, values);

    long[] keys = new long[graph.numEdges() * 2];
    int size = 0;
    for (int e = 0; e < graph.numEdges(); e++) {
      int u = graph.edgeSrc(e);
      int v = graph.edgeDst(e);
      if (u != v) {
        keys[size++] = (long) u * numNodes + v;
        keys[size++] = (long) v * numNodes + u;
      }
    }
    long[] unique = Arrays.stream(keys, 0, size).sorted().distinct().toArray();
    pairRows = new int[unique.length];
    pairCols = new int[unique.length];
    pairEdge = new int[unique.length];
    int undirected = 0;
    for (int k = 0; k < unique.length; k++) {
      pairRows[k] = (int) (unique[k] / numNodes);
      pairCols[k] = (int) (unique[k] % numNodes);
      if (pairRows[k] < pairCols[k]) {
        pairEdge[k] = undirected++;
      }
    }
    for (int k = 0; k < unique.length; k++) {
      if (pairRows[k] > pairCols[k]) {
        pairEdge[k] =
            pairEdge[Arrays.binarySearch(unique, (long) pairCols[k] * numNodes + pairRows[k])];
      }
    }
    numUndirectedEdges = undirected;

    labels = new int[numNodes];
    int[] train = graph.labelledNodes(Split.TRAIN);
    float[] weights = new float[numNodes * numClasses];
    for (int node : train) {
      weights[node * numClasses + graph.label(node)] =
          trainWeights == null ? -1f / train.length : -trainWeights[node];
    }
    for (int node = 0; node < numNodes; node++) {
      labels[node] = graph.label(node);
    }
    trainLossWeights = manager.create(weights, new Shape(numNodes, numClasses));
    valNodes = graph.labelledNodes(Split.VAL);
    testNodes = graph.labelledNodes(Split.TEST);
  }

  /**
   * The feature rows of {@code nodes} as one dense row-major array, scaled as the model reads them.
   */
  float[] denseFeatures(int[] nodes) {
    float[] rows = new float[nodes.length * numFeatures];
    for (int i = 0; i < nodes.length; i++) {
      int node = nodes[i];
      for (int k = graph.featureRowStart(node); k < graph.featureRowStart(node + 1); k++) {
        rows[i * numFeatures + graph.featureColumn(k)] = graph.featureValue(k) * rowScale[node];
      }
    }
    return rows;
  }

  static final String NO_TRAINING_NODES =
      "the graph has no labelled training nodes: set the split column or data.split";

  /** Training needs labelled training nodes; prediction does not. */
  static void requireTrainingNodes(GraphSnapshot graph) {
    if (graph.labelledNodes(Split.TRAIN).length == 0) {
      throw new IllegalArgumentException(NO_TRAINING_NODES);
    }
  }

  /** GCN's {@code D^-1/2 (A [+ I]) D^-1/2}; duplicate and reverse edges count once. */
  SymmetricSparse normalisedAdjacency(boolean selfLoops) {
    Coordinates edges = coordinates(selfLoops);
    return new SymmetricSparse(
        manager, numNodes, edges.rows(), edges.cols(), normalisedWeights(edges, selfLoops));
  }

  /** GraphSAGE's mean over neighbours: {@code D^-1 A}; a node without neighbours gets zero. */
  MeanAdjacency meanAdjacency() {
    Coordinates edges = coordinates(false);
    float[] degree = degrees(edges);
    float[] values = new float[edges.rows().length];
    for (int k = 0; k < values.length; k++) {
      values[k] = 1f / degree[edges.rows()[k]];
    }
    NDArray indices = cooIndices(manager, edges.rows(), edges.cols());
    Shape shape = new Shape(numNodes, numNodes);
    return new MeanAdjacency(
        coo(indices, HostArrays.floats(manager, values, new Shape(values.length)), shape),
        indices,
        values,
        shape);
  }

  /** {@code D^-1 A} as a tensor, and its entries to rebuild it with some edges dropped. */
  record MeanAdjacency(NDArray matrix, NDArray indices, float[] values, Shape shape) {
    /** The matrix with each entry times its factor (null: unchanged), in the caller's scope. */
    NDArray scaled(float[] factors) {
      if (factors == null) {
        return matrix;
      }
      float[] kept = new float[values.length];
      for (int k = 0; k < kept.length; k++) {
        kept[k] = values[k] * factors[k];
      }
      return coo(
          indices, HostArrays.floats(matrix.getManager(), kept, new Shape(kept.length)), shape);
    }
  }

  /**
   * Per-entry factors for an operator over {@link #coordinates} from one factor per undirected edge
   * (null: none); self-loops are never dropped.
   */
  float[] edgeEntryFactors(float[] undirected, boolean selfLoops) {
    if (undirected == null) {
      return null;
    }
    float[] factors = new float[pairEdge.length + (selfLoops ? numNodes : 0)];
    for (int k = 0; k < pairEdge.length; k++) {
      factors[k] = undirected[pairEdge[k]];
    }
    Arrays.fill(factors, pairEdge.length, factors.length, 1f);
    return factors;
  }

  /**
   * Per stored feature entry, the product of its node's and its column's factor (either null:
   * ones); null when both are.
   */
  float[] featureEntryFactors(float[] nodes, float[] columns) {
    if (nodes == null && columns == null) {
      return null;
    }
    float[] factors = new float[featureRows.length];
    for (int k = 0; k < factors.length; k++) {
      factors[k] =
          (nodes == null ? 1f : nodes[featureRows[k]])
              * (columns == null ? 1f : columns[featureCols[k]]);
    }
    return factors;
  }

  /**
   * GAT's edge operators over edges {@code src -> dst}: each undirected pair both ways, plus
   * self-loops when asked.
   */
  EdgeOperators edgeOperators(boolean selfLoops) {
    Coordinates edges = coordinates(selfLoops);
    return new EdgeOperators(manager, numNodes, edges.cols(), edges.rows());
  }

  /**
   * SGC's {@code S^K X} with GCN's normalised adjacency {@code S}, computed once in plain Java
   * (sparse times sparse features, then sparse times dense) and handed over as one tensor.
   */
  NDArray propagatedFeatures(int hops, boolean selfLoops) {
    Coordinates edges = coordinates(selfLoops);
    int[] rows = edges.rows();
    int[] cols = edges.cols();
    float[] weights = normalisedWeights(edges, selfLoops);
    float[] current = new float[numNodes * numFeatures];
    for (int k = 0; k < rows.length; k++) {
      int to = rows[k] * numFeatures;
      float weight = weights[k] * rowScale[cols[k]];
      for (int f = graph.featureRowStart(cols[k]); f < graph.featureRowStart(cols[k] + 1); f++) {
        current[to + graph.featureColumn(f)] += weight * graph.featureValue(f);
      }
    }
    for (int hop = 1; hop < hops; hop++) {
      float[] next = new float[current.length];
      for (int k = 0; k < rows.length; k++) {
        int to = rows[k] * numFeatures;
        int from = cols[k] * numFeatures;
        for (int f = 0; f < numFeatures; f++) {
          next[to + f] += weights[k] * current[from + f];
        }
      }
      current = next;
    }
    return HostArrays.floats(manager, current, new Shape(numNodes, numFeatures));
  }

  /** Directed edges {@code (row, col)}: every neighbour pair, then {@code (i, i)} when asked. */
  private record Coordinates(int[] rows, int[] cols) {}

  private Coordinates coordinates(boolean selfLoops) {
    int loops = selfLoops ? numNodes : 0;
    int[] rows = Arrays.copyOf(pairRows, pairRows.length + loops);
    int[] cols = Arrays.copyOf(pairCols, pairCols.length + loops);
    for (int i = 0; i < loops; i++) {
      rows[pairRows.length + i] = i;
      cols[pairRows.length + i] = i;
    }
    return new Coordinates(rows, cols);
  }

  private float[] degrees(Coordinates edges) {
    float[] degree = new float[numNodes];
    for (int row : edges.rows()) {
      degree[row]++;
    }
    return degree;
  }

  /**
   * GCN's symmetric weights {@code 1 / sqrt(d_row · d_col)} over the given edges. A sampled batch
   * normalises by its nodes' degrees in the whole graph, as full-batch training does: by its own
   * degrees a node at the last hop, which keeps one edge to the node that sampled it, would weigh
   * as if that were its only neighbour.
   */
  private float[] normalisedWeights(Coordinates edges, boolean selfLoops) {
    float[] degree = degrees(edges);
    for (int node = 0; node < numNodes; node++) {
      if (graph.sourceDegree(node) >= 0) {
        degree[node] = graph.sourceDegree(node) + (selfLoops ? 1 : 0);
      }
    }
    float[] values = new float[edges.rows().length];
    for (int k = 0; k < values.length; k++) {
      values[k] =
          (float) (1.0 / Math.sqrt((double) degree[edges.rows()[k]] * degree[edges.cols()[k]]));
    }
    return values;
  }

  /** A constant COO tensor from each entry's row, column and value. */
  static NDArray coo(NDManager manager, int[] rows, int[] cols, float[] values, Shape shape) {
    return coo(
        cooIndices(manager, rows, cols),
        HostArrays.floats(manager, values, new Shape(values.length)),
        shape);
  }

  /** A COO tensor's indices, {@code 2 × entries}, from each entry's row and column. */
  static NDArray cooIndices(NDManager manager, int[] rows, int[] cols) {
    long[] indices = new long[2 * rows.length];
    for (int k = 0; k < rows.length; k++) {
      indices[k] = rows[k];
      indices[rows.length + k] = cols[k];
    }
    return HostArrays.longs(manager, indices, new Shape(2, rows.length));
  }

  /** A COO tensor sharing {@code indices} and {@code values} (see the class comment). */
  static NDArray coo(NDArray indices, NDArray values, Shape shape) {
    NDArray floatValues =
        values.getDataType() == DataType.FLOAT32 ? values : values.toType(DataType.FLOAT32, false);
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) floatValues, shape);
  }
}
