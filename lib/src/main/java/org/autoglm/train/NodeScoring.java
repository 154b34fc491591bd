package org.autoglm.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.autoglm.train.TrainSettings.Batching;

/**
 * How a trained model scores nodes away from the whole graph, a batch of targets at a time (the
 * prediction design in docs/ARCHITECTURE.md): exactly, on every node within the model's reach, when
 * that reach is at most {@link #MAX_EXACT_HOPS} hops (GCN, SAGE and GAT of two layers, SGC with K
 * at most 2, an MLP); otherwise sampled as a subgraph-trained model's evaluation samples: the
 * model's {@code fanouts} around the targets and the subgraph their nodes induce.
 *
 * @param exact whether a target scores as on the whole graph
 * @param mode how a batch's surroundings become its graph: NEIGHBORS (the sampled blocks,
 *     normalised by the graph's degrees) or SUBGRAPH (all edges among the sampled nodes)
 * @param fanouts neighbours taken per node at each hop, -1 for all
 */
public record NodeScoring(boolean exact, Batching mode, List<Integer> fanouts) {
  /** Beyond two hops every neighbour is too many on a graph with hubs: sampled instead. */
  public static final int MAX_EXACT_HOPS = 2;

  public NodeScoring {
    fanouts = List.copyOf(fanouts);
  }

  public static NodeScoring of(TrainSettings settings) {
    int hops = reach(settings);
    if (hops <= MAX_EXACT_HOPS) {
      Integer[] all = new Integer[hops];
      Arrays.fill(all, -1);
      return new NodeScoring(true, Batching.NEIGHBORS, List.of(all));
    }
    return new NodeScoring(false, Batching.SUBGRAPH, settings.fanouts());
  }

  /**
   * Propagation steps between a node's score and its farthest input: the model's receptive field.
   */
  public static int reach(TrainSettings settings) {
    return switch (settings.model()) {
      case GCN, SAGE, GAT, GCNII -> settings.layers();
      case JKNET -> settings.layers() - 1; // the output layer is dense
      case SGC, APPNP -> settings.hops();
      case MLP -> 0;
    };
  }

  /** For a log line: {@code exact (every neighbour within 2 hops)}, or the sample it takes. */
  public String describe() {
    return exact
        ? String.format(Locale.ROOT, "exact (every neighbour within %d hops)", fanouts.size())
        : "sampled (fan-outs "
            + String.join(",", fanouts.stream().map(String::valueOf).toList())
            + ", on the subgraph they induce)";
  }
}
