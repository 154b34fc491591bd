package org.autoglm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.autoglm.train.GraphSnapshot;

/**
 * Structural features beside a graph's node features, for the question of whether a student that
 * needs no graph learns more from them (NOSMOG's addition to GLNN): each a block of columns
 * propagated over the graph by the mean of a node's neighbours, one block per step.
 *
 * <ul>
 *   <li>{@code rp:K:D}: a sparse random projection of D columns (FastRP, Chen et al. 2019; entries
 *       ±1 with probability 1/6 each), K steps, each step's rows scaled to L2 norm 1/4 — a
 *       label-free position in the graph;
 *   <li>{@code lp:K}: the training labels one-hot, K steps — label propagation's class shares;
 *   <li>{@code deg}: log(1 + degree) / 3.
 * </ul>
 *
 * The node features are row-normalised first (as {@code feature_norm: row} reads them), so the
 * student reads the result with {@code feature_norm: none}.
 */
final class StructureFeatures {
  private StructureFeatures() {}

  /** {@code graph} with the blocks of {@code spec} (comma-separated; {@code none}: no block). */
  static GraphSnapshot add(GraphSnapshot graph, String spec) {
    int[][] neighbours = neighbours(graph);
    List<float[][]> blocks = new ArrayList<>();
    for (String kind : spec.split(",")) {
      String[] part = kind.split(":");
      int steps = part.length > 1 ? Integer.parseInt(part[1]) : 3;
      switch (part[0]) {
        case "none" -> {}
        case "deg" -> {
          float[][] degree = new float[graph.numNodes()][1];
          for (int node = 0; node < degree.length; node++) {
            degree[node][0] = (float) Math.log1p(neighbours[node].length) / 3f;
          }
          blocks.add(degree);
        }
        case "rp" -> {
          int dims = part.length > 2 ? Integer.parseInt(part[2]) : 64;
          propagate(neighbours, randomProjection(graph.numNodes(), dims), steps, true, blocks);
        }
        case "lp" -> propagate(neighbours, trainingLabels(graph), steps, false, blocks);
        default ->
            throw new IllegalArgumentException(
                "structure '" + kind + "' must be rp:K:D, lp:K, deg or none");
      }
    }
    return withColumns(graph, blocks, spec);
  }

  private static int[][] neighbours(GraphSnapshot graph) {
    int n = graph.numNodes();
    int[] degree = new int[n];
    for (int e = 0; e < graph.numEdges(); e++) {
      if (graph.edgeSrc(e) != graph.edgeDst(e)) {
        degree[graph.edgeSrc(e)]++;
        degree[graph.edgeDst(e)]++;
      }
    }
    int[][] neighbours = new int[n][];
    for (int node = 0; node < n; node++) {
      neighbours[node] = new int[degree[node]];
    }
    int[] filled = new int[n];
    for (int e = 0; e < graph.numEdges(); e++) {
      int src = graph.edgeSrc(e);
      int dst = graph.edgeDst(e);
      if (src != dst) {
        neighbours[src][filled[src]++] = dst;
        neighbours[dst][filled[dst]++] = src;
      }
    }
    return neighbours;
  }

  private static float[][] randomProjection(int nodes, int dims) {
    SplittableRandom random = new SplittableRandom(42);
    float[][] start = new float[nodes][dims];
    for (float[] row : start) {
      for (int j = 0; j < dims; j++) {
        double u = random.nextDouble();
        row[j] = u < 1 / 6.0 ? 1f : u < 1 / 3.0 ? -1f : 0f;
      }
    }
    return start;
  }

  private static float[][] trainingLabels(GraphSnapshot graph) {
    float[][] start = new float[graph.numNodes()][graph.numClasses()];
    for (int node : graph.labelledNodes(GraphSnapshot.Split.TRAIN)) {
      start[node][graph.label(node)] = 1f;
    }
    return start;
  }

  /** Adds a block per step: each node's mean over its neighbours of the step before. */
  private static void propagate(
      int[][] neighbours, float[][] start, int steps, boolean unitRows, List<float[][]> blocks) {
    float[][] current = start;
    for (int step = 0; step < steps; step++) {
      float[][] next = new float[current.length][current[0].length];
      for (int node = 0; node < current.length; node++) {
        for (int neighbour : neighbours[node]) {
          for (int j = 0; j < next[node].length; j++) {
            next[node][j] += current[neighbour][j] / neighbours[node].length;
          }
        }
      }
      current = next;
      blocks.add(unitRows ? scaledRows(current, 0.25) : current);
    }
  }

  private static float[][] scaledRows(float[][] rows, double length) {
    float[][] scaled = new float[rows.length][];
    for (int node = 0; node < rows.length; node++) {
      double norm = 0;
      for (float x : rows[node]) {
        norm += x * x;
      }
      double factor = norm == 0 ? 0 : length / Math.sqrt(norm);
      scaled[node] = new float[rows[node].length];
      for (int j = 0; j < rows[node].length; j++) {
        scaled[node][j] = (float) (rows[node][j] * factor);
      }
    }
    return scaled;
  }

  private static GraphSnapshot withColumns(
      GraphSnapshot graph, List<float[][]> blocks, String spec) {
    int extra = blocks.stream().mapToInt(block -> block[0].length).sum();
    GraphSnapshot.Builder builder =
        GraphSnapshot.builder(graph.numNodes(), graph.numFeatures() + extra, graph.classNames());
    for (int node = 0; node < graph.numNodes(); node++) {
      int[] columns = graph.featureColumns(node);
      float[] values = graph.featureValues(node);
      double sum = 0;
      for (float value : values) {
        sum += value;
      }
      List<Integer> allColumns = new ArrayList<>();
      List<Float> allValues = new ArrayList<>();
      for (int k = 0; k < columns.length; k++) {
        allColumns.add(columns[k]);
        allValues.add(sum == 0 ? values[k] : (float) (values[k] / sum));
      }
      int offset = graph.numFeatures();
      for (float[][] block : blocks) {
        for (int j = 0; j < block[node].length; j++) {
          if (block[node][j] != 0) {
            allColumns.add(offset + j);
            allValues.add(block[node][j]);
          }
        }
        offset += block[node].length;
      }
      float[] valueArray = new float[allValues.size()];
      for (int k = 0; k < valueArray.length; k++) {
        valueArray[k] = allValues.get(k);
      }
      builder.addNode(
          graph.label(node),
          graph.split(node),
          allColumns.stream().mapToInt(Integer::intValue).toArray(),
          valueArray);
    }
    for (int e = 0; e < graph.numEdges(); e++) {
      builder.addEdge(graph.edgeSrc(e), graph.edgeDst(e));
    }
    return builder.build(graph.fingerprint() + "+" + spec);
  }
}
