package org.autoglm.train;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * Subgraph sampling for {@code batching: subgraph}, GraphSAINT's random-walk sampler (Zeng et al.,
 * ICLR 2020): from each root a walk of {@code walk_length} uniform steps over the undirected
 * adjacency; the batch is the subgraph the visited nodes induce, every edge among them. A model
 * runs on it unchanged, however many hops it propagates: the deep and propagation models (GCNII,
 * APPNP, JKNet, SGC) see a connected piece of the graph, not a tree of a few sampled hops.
 *
 * <p>Reads the {@link GraphStore}'s CSR and holds nothing graph-sized; a seed decides every walk.
 */
final class WalkSampler {
  private final GraphStore graph;

  WalkSampler(GraphStore graph) {
    this.graph = graph;
  }

  /** The distinct nodes the walks from {@code roots} visit, roots first, in visiting order. */
  int[] walk(int[] roots, int length, SplittableRandom random) {
    IntArray nodes = new IntArray(roots.length * (length + 1));
    LocalIds ids = new LocalIds(roots.length * (length + 1));
    for (int root : roots) {
      if (ids.add(root, nodes.size()) < 0) {
        nodes.add(root);
      }
    }
    for (int root : roots) {
      int at = root;
      for (int step = 0; step < length; step++) {
        int degree = graph.degree(at);
        if (degree == 0) {
          break;
        }
        at = graph.neighbour(graph.neighbourStart(at) + random.nextInt(degree));
        if (ids.add(at, nodes.size()) < 0) {
          nodes.add(at);
        }
      }
    }
    return nodes.toArray();
  }

  /**
   * The subgraph {@code nodes} induce, renumbered in their order, with features and labels; a node
   * keeps its split when {@code keepsSplit} holds for its position, else it is unlabelled for the
   * loss and the scores.
   */
  GraphSnapshot induced(int[] nodes, IntPredicate keepsSplit) {
    LocalIds ids = new LocalIds(nodes.length);
    for (int i = 0; i < nodes.length; i++) {
      ids.add(nodes[i], i);
    }
    GraphSnapshot.Builder builder =
        GraphSnapshot.builder(nodes.length, graph.numFeatures(), graph.classNames());
    for (int i = 0; i < nodes.length; i++) {
      int node = nodes[i];
      builder.addNode(
          graph.label(node),
          keepsSplit.test(i) ? graph.split(node) : Split.NONE,
          graph.featureColumns(node),
          graph.featureValues(node));
    }
    for (int i = 0; i < nodes.length; i++) {
      long from = graph.neighbourStart(nodes[i]);
      int degree = graph.degree(nodes[i]);
      for (int k = 0; k < degree; k++) {
        int j = ids.get(graph.neighbour(from + k));
        if (j > i) { // each undirected edge once; the store has both directions
          builder.addEdge(i, j);
        }
      }
    }
    return builder.build(graph.fingerprint() + "/subgraph");
  }
}
