package org.autoglm.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * Node-wise neighbour sampling with per-layer fan-outs, with the semantics of PyG's {@code
 * NeighborLoader}: from a batch of seed nodes, each hop samples up to {@code fanouts[h]} distinct
 * neighbours (all when fewer, or when the fan-out is -1) of every node the previous hop added; the
 * batch is the subgraph of the nodes reached and the edges sampled, seeds first. The model runs on
 * it unchanged and the loss counts the seeds only, so a step's memory is bounded by the batch, not
 * the graph.
 *
 * <p>Neighbours are the graph's undirected adjacency (the models read edges both ways), read from
 * the {@link GraphStore}'s CSR; the sampler holds nothing graph-sized. A seed decides every sample,
 * so the same seed gives the same batches.
 */
final class NeighborSampler {
  private final GraphStore graph;

  NeighborSampler(GraphStore graph) {
    this.graph = graph;
  }

  /** One sampled batch: its nodes in the graph's numbering (seeds first) and the sampled edges. */
  record Batch(int[] nodes, int seeds, int[] edgeSrc, int[] edgeDst) {}

  /** Samples the subgraph around {@code seeds}; {@code fanouts[h]} is hop h's, -1 for all. */
  Batch sample(int[] seeds, int[] fanouts, SplittableRandom random) {
    IntArray nodes = new IntArray(seeds.length * 4);
    LocalIds ids = new LocalIds(seeds.length * 64);
    for (int seed : seeds) {
      if (ids.add(seed, nodes.size()) < 0) {
        nodes.add(seed);
      }
    }
    IntArray src = new IntArray(seeds.length * 8);
    IntArray dst = new IntArray(seeds.length * 8);
    int frontierStart = 0;
    int[] picked = new int[0];
    for (int fanout : fanouts) {
      int frontierEnd = nodes.size();
      for (int i = frontierStart; i < frontierEnd; i++) {
        int node = nodes.get(i);
        long from = graph.neighbourStart(node);
        int degree = graph.degree(node);
        int take = fanout < 0 ? degree : Math.min(fanout, degree);
        if (picked.length < take) {
          picked = new int[Math.max(take, picked.length * 2)];
        }
        choose(degree, take, picked, random);
        for (int k = 0; k < take; k++) {
          int neighbour = graph.neighbour(from + picked[k]);
          int id = ids.add(neighbour, nodes.size());
          if (id < 0) {
            id = nodes.size();
            nodes.add(neighbour);
          }
          src.add(id);
          dst.add(i);
        }
      }
      frontierStart = frontierEnd;
    }
    return new Batch(nodes.toArray(), seeds.length, src.toArray(), dst.toArray());
  }

  /** {@code take} distinct positions of {@code [0, degree)}: Floyd's sampling. */
  private static void choose(int degree, int take, int[] out, SplittableRandom random) {
    if (take == degree) {
      for (int k = 0; k < take; k++) {
        out[k] = k;
      }
      return;
    }
    // Floyd: for j in degree-take .. degree-1, pick t in [0, j]; take t unless taken, else j.
    int count = 0;
    for (int j = degree - take; j < degree; j++) {
      int t = random.nextInt(j + 1);
      boolean taken = false;
      for (int k = 0; k < count; k++) {
        if (out[k] == t) {
          taken = true;
          break;
        }
      }
      out[count++] = taken ? j : t;
    }
  }

  /**
   * The batch as a graph of its own: nodes renumbered in batch order with their features, labels
   * and degrees in the graph; only the seeds keep their split (the loss and the scores count them
   * alone).
   */
  GraphSnapshot subgraph(Batch batch) {
    GraphSnapshot.Builder builder =
        GraphSnapshot.builder(batch.nodes().length, graph.numFeatures(), graph.classNames());
    for (int i = 0; i < batch.nodes().length; i++) {
      int node = batch.nodes()[i];
      builder.addNode(
          graph.label(node),
          i < batch.seeds() ? graph.split(node) : Split.NONE,
          graph.featureColumns(node),
          graph.featureValues(node));
    }
    for (int e = 0; e < batch.edgeSrc().length; e++) {
      builder.addEdge(batch.edgeSrc()[e], batch.edgeDst()[e]);
    }
    builder.sourceDegrees(Arrays.stream(batch.nodes()).map(graph::degree).toArray());
    return builder.build(graph.fingerprint() + "/batch");
  }
}
