package org.autoglm.train;

import java.util.Locale;
import org.autoglm.train.TrainSettings.Batching;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * Decides how a trial's steps see the graph: the whole graph when its full-batch footprint fits the
 * trial's memory budget, a sample when it does not ({@code batching: auto}) — subgraphs induced by
 * random walks for the models that propagate over many hops (GCNII, APPNP, JKNet, SGC), whose
 * receptive field a few sampled hops would cut, sampled neighbourhoods for the others; a full-batch
 * trial that cannot fit fails before it allocates, with the numbers and the setting to change,
 * instead of crashing its executor.
 */
public final class BatchPlan {
  private static final long MIB = 1L << 20;

  private BatchPlan() {}

  /**
   * A graph's sizes, all a plan needs: known from a snapshot's header before any of it is read.
   *
   * @param featureEntries stored feature values; -1 when unknown (then taken as dense)
   */
  public record GraphSize(long nodes, long edges, int features, long featureEntries, int classes) {
    public static GraphSize of(GraphSnapshot graph) {
      return new GraphSize(
          graph.numNodes(),
          graph.numEdges(),
          graph.numFeatures(),
          graph.numFeatureEntries(),
          graph.numClasses());
    }

    public static GraphSize of(SnapshotFormat.Header header) {
      return new GraphSize(
          header.numNodes(),
          header.numEdges(),
          header.numFeatures(),
          header.numFeatureEntries(),
          header.classNames().size());
    }

    long knownFeatureEntries() {
      return featureEntries >= 0 ? featureEntries : nodes * features;
    }
  }

  /** FULL, NEIGHBORS or SUBGRAPH for {@code settings} on a graph of {@code graph}'s sizes. */
  public static Batching resolve(GraphSize graph, TrainSettings settings) {
    long estimate = fullBatchBytes(graph, settings);
    long budget = settings.memoryBudgetMb() * MIB;
    return switch (settings.batching()) {
      case NEIGHBORS, SUBGRAPH -> settings.batching();
      case AUTO -> estimate > budget ? sampledMode(settings.model()) : Batching.FULL;
      case FULL -> {
        if (estimate > budget) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "full-batch training of this graph (%,d nodes, %,d edges) with %s needs about"
                      + " %,d MiB but the trial's budget is %,d MiB (train.memory_budget_mb): set"
                      + " train.batching: %s (or auto), or raise the budget with the"
                      + " executors' memory",
                  graph.nodes(),
                  graph.edges(),
                  settings.model().name().toLowerCase(Locale.ROOT),
                  estimate / MIB,
                  settings.memoryBudgetMb(),
                  sampledMode(settings.model()).name().toLowerCase(Locale.ROOT)));
        }
        yield Batching.FULL;
      }
    };
  }

  /** The sampled mode {@code auto} picks for a model. */
  static Batching sampledMode(ModelKind model) {
    return switch (model) {
      case GCNII, APPNP, JKNET, SGC -> Batching.SUBGRAPH;
      case GCN, SAGE, GAT, MLP -> Batching.NEIGHBORS;
    };
  }

  /** Whether a full-batch step of {@code settings} on {@code graph} fits its memory budget. */
  public static boolean fitsFullBatch(GraphSize graph, TrainSettings settings) {
    return fullBatchBytes(graph, settings) <= settings.memoryBudgetMb() * MIB;
  }

  /** Why a trial samples, for its log line: asked for, or chosen by {@code auto} and why. */
  public static String samplingReason(GraphSize graph, TrainSettings settings) {
    return settings.batching() == Batching.AUTO
        ? String.format(
            Locale.ROOT,
            " (batching auto: full-batch would need about %,d MiB, over the %,d MiB budget)",
            fullBatchBytes(graph, settings) / MIB,
            settings.memoryBudgetMb())
        : " (batching " + settings.batching().name().toLowerCase(Locale.ROOT) + ")";
  }

  /**
   * What a full-batch step holds, from the graph's sizes and the model's widths: the sparse
   * features and adjacency, each layer's activations with their gradients, dropout masks and norms,
   * a GAT's per-edge attention, SGC's dense propagated features. An estimate, not a bound.
   */
  static long fullBatchBytes(GraphSize graph, TrainSettings settings) {
    long nodes = graph.nodes();
    long entries = 2L * graph.edges() + nodes; // both directions and self-loops
    long width =
        (long) settings.hidden() * (settings.model() == ModelKind.GAT ? settings.heads() : 1);
    long bytes = 24L * graph.knownFeatureEntries(); // indices and values, raw and scaled
    bytes += 24L * entries; // the normalised adjacency's indices and values, and its transpose
    bytes += 16L * nodes * width * Math.max(1, settings.layers());
    bytes += 16L * nodes * graph.classes();
    if (settings.model() == ModelKind.GAT) {
      bytes += 24L * entries * settings.heads() * Math.max(1, settings.layers());
    }
    if (SparseFeatures.isDense(nodes, graph.features(), graph.knownFeatureEntries())) {
      bytes += 8L * nodes * graph.features(); // X dense for the wide first layer, and with dropout
    }
    if (settings.model() == ModelKind.SGC) {
      bytes += 8L * nodes * graph.features();
    }
    return bytes;
  }
}
