package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.autoglm.graph.GraphSnapshot;
import org.autoglm.graph.GraphSnapshot.Split;

/**
 * A snapshot turned into engine tensors once per trial: the GCN-normalised adjacency, the sparse
 * feature matrix and the training targets.
 *
 * <p>Sparse tensors are built from live index/value tensors with {@code JniUtils.createSparseCoo},
 * which shares their storage; {@code NDManager.createCoo} closes those inputs and would leave the
 * result pointing at freed memory.
 */
final class GraphTensors {
  final int numNodes;
  final int numFeatures;
  final int numClasses;
  final NDArray adjacency;
  private final NDArray featureIndices;
  private final NDArray featureValues;
  private final NDArray features;

  /** Row-wise one-hot labels of the training nodes, zero rows elsewhere. */
  final NDArray trainTargets;

  final int trainCount;
  final int[] valNodes;
  final int[] testNodes;
  final int[] labels;

  GraphTensors(NDManager manager, GraphSnapshot graph, TrainSettings.FeatureNorm norm) {
    numNodes = graph.numNodes();
    numFeatures = graph.numFeatures();
    numClasses = graph.numClasses();
    adjacency = normalisedAdjacency(manager, graph);

    int entries = graph.numFeatureEntries();
    long[] rows = new long[entries];
    long[] cols = new long[entries];
    float[] values = new float[entries];
    for (int node = 0; node < numNodes; node++) {
      int from = graph.featureRowStart(node);
      int to = graph.featureRowStart(node + 1);
      double sum = 0;
      for (int k = from; k < to; k++) {
        rows[k] = node;
        cols[k] = graph.featureColumn(k);
        values[k] = graph.featureValue(k);
        sum += values[k];
      }
      if (norm == TrainSettings.FeatureNorm.ROW && sum != 0) {
        for (int k = from; k < to; k++) {
          values[k] = (float) (values[k] / sum);
        }
      }
    }
    featureIndices = manager.create(new long[][] {rows, cols});
    featureValues = manager.create(values);
    features = sparse(featureIndices, featureValues, new Shape(numNodes, numFeatures));

    labels = new int[numNodes];
    int[] train = graph.labelledNodes(Split.TRAIN);
    float[] targets = new float[numNodes * numClasses];
    for (int node : train) {
      targets[node * numClasses + graph.label(node)] = 1f;
    }
    for (int node = 0; node < numNodes; node++) {
      labels[node] = graph.label(node);
    }
    trainTargets = manager.create(targets, new Shape(numNodes, numClasses));
    trainCount = train.length;
    valNodes = graph.labelledNodes(Split.VAL);
    testNodes = graph.labelledNodes(Split.TEST);
    if (trainCount == 0) {
      throw new IllegalArgumentException(
          "the graph has no labelled training nodes: set the split column or data.split");
    }
  }

  /** The feature matrix; in training, with dropout applied to its stored entries. */
  NDArray features(boolean training, float dropout) {
    if (!training || dropout == 0f) {
      return features;
    }
    NDArray kept = Dropout.dropout(featureValues, dropout, true).singletonOrThrow();
    return sparse(featureIndices, kept, features.getShape());
  }

  /** D^-1/2 (A + I) D^-1/2 over the undirected graph; duplicate and reverse edges count once. */
  private static NDArray normalisedAdjacency(NDManager manager, GraphSnapshot graph) {
    int n = graph.numNodes();
    long[] keys = new long[graph.numEdges() * 2 + n];
    int size = 0;
    for (int e = 0; e < graph.numEdges(); e++) {
      int u = graph.edgeSrc(e);
      int v = graph.edgeDst(e);
      if (u != v) {
        keys[size++] = (long) u * n + v;
        keys[size++] = (long) v * n + u;
      }
    }
    for (int i = 0; i < n; i++) {
      keys[size++] = (long) i * n + i;
    }
    long[] unique = Arrays.stream(keys, 0, size).sorted().distinct().toArray();
    float[] degree = new float[n];
    for (long key : unique) {
      degree[(int) (key / n)]++;
    }
    long[] rows = new long[unique.length];
    long[] cols = new long[unique.length];
    float[] values = new float[unique.length];
    for (int k = 0; k < unique.length; k++) {
      int r = (int) (unique[k] / n);
      int c = (int) (unique[k] % n);
      rows[k] = r;
      cols[k] = c;
      values[k] = (float) (1.0 / Math.sqrt((double) degree[r] * degree[c]));
    }
    NDArray indices = manager.create(new long[][] {rows, cols});
    NDArray weights = manager.create(values);
    return sparse(indices, weights, new Shape(n, n));
  }

  private static NDArray sparse(NDArray indices, NDArray values, Shape shape) {
    NDArray floatValues =
        values.getDataType() == DataType.FLOAT32 ? values : values.toType(DataType.FLOAT32, false);
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) floatValues, shape);
  }
}
