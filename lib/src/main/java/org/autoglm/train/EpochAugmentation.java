package org.autoglm.train;

import org.autoglm.random.Seeds;

/**
 * One training epoch's augmentation of the graph, drawn in Java from (trial seed, epoch) like the
 * dropout masks but from streams of its own, so switching one augmentation on changes no other draw
 * and a resumed run draws what its unbroken twin drew:
 *
 * <ul>
 *   <li>DropEdge ({@code drop_edge}): each undirected edge is dropped, both directions at once, and
 *       the rest scaled by {@code 1 / (1 - p)}; attention (GAT) renormalises over what is left
 *       instead;
 *   <li>feature masking ({@code feature_mask}): whole feature columns zeroed for every node, the
 *       rest scaled;
 *   <li>node dropping ({@code drop_node}, DropNode): whole feature rows zeroed, the rest scaled.
 * </ul>
 *
 * Inference sees the whole graph.
 *
 * @param edges a factor per undirected edge, or null (nothing dropped)
 * @param nodes a factor per node's feature row, or null
 * @param columns a factor per feature column, or null
 */
record EpochAugmentation(float[] edges, float[] nodes, float[] columns) {
  static final EpochAugmentation NONE = new EpochAugmentation(null, null, null);

  private static final long EDGE_STREAM = 0xED6E;
  private static final long NODE_STREAM = 0x40DE;
  private static final long COLUMN_STREAM = 0xC01;

  static EpochAugmentation draw(TrainSettings settings, GraphTensors graph, int epoch) {
    return draw(settings, graph, Seeds.mix(settings.seed(), epoch));
  }

  /**
   * As {@link #draw(TrainSettings, GraphTensors, int)}, for one step seeded by {@code stepSeed}.
   */
  static EpochAugmentation draw(TrainSettings settings, GraphTensors graph, long epochSeed) {
    return new EpochAugmentation(
        factors(epochSeed, EDGE_STREAM, graph.numUndirectedEdges, settings.dropEdge()),
        factors(epochSeed, NODE_STREAM, graph.numNodes, settings.dropNode()),
        factors(epochSeed, COLUMN_STREAM, graph.numFeatures, settings.featureMask()));
  }

  /**
   * One view of the graph for contrastive pretraining, from its own seed: edges dropped and feature
   * columns masked at the view's rates.
   */
  static EpochAugmentation view(
      GraphTensors graph, long viewSeed, double dropEdge, double featureMask) {
    return new EpochAugmentation(
        factors(viewSeed, EDGE_STREAM, graph.numUndirectedEdges, dropEdge),
        null,
        factors(viewSeed, COLUMN_STREAM, graph.numFeatures, featureMask));
  }

  private static float[] factors(long epochSeed, long stream, int size, double rate) {
    return new DropoutMasks(Seeds.mix(epochSeed, stream)).factors(size, (float) rate);
  }

  /** The edge factors as a keep (1) or drop (0) mask, for attention that renormalises itself. */
  float[] edgeMask() {
    if (edges == null) {
      return null;
    }
    float[] mask = new float[edges.length];
    for (int e = 0; e < mask.length; e++) {
      mask[e] = edges[e] > 0 ? 1f : 0f;
    }
    return mask;
  }
}
