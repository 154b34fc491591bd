package org.autoglm.graph.augment;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.autoglm.config.ExperimentConfig.AugmentConfig;
import org.autoglm.graph.FeatureVectors;
import org.autoglm.graph.StableRandom;

/**
 * Augmented views of a clean graph: node dropping, edge dropping and random edge addition, feature
 * masking (whole columns or single entries), and subgraph sampling by k-hop ego nets or random
 * walks with restart. Every choice is a {@link StableRandom} draw over (seed, view, row ids), so
 * view k is the same on any partitioning; all work is joins and column expressions on executors.
 */
public final class GraphAugmenter {
  private GraphAugmenter() {}

  /** One view's tables, with a {@code view} column. */
  public record View(Dataset<Row> nodes, Dataset<Row> edges) {}

  public static View view(
      Dataset<Row> nodes, Dataset<Row> edges, AugmentConfig config, long seed, int view) {
    long s = seed * 1_000_003L + view;
    Column nodeKept = StableRandom.uniform(s, "node_drop", col("node_id")).geq(config.nodeDrop());
    Dataset<Row> keptNodes = nodes.filter(nodeKept);
    Column endpointsKept =
        StableRandom.uniform(s, "node_drop", col("src"))
            .geq(config.nodeDrop())
            .and(StableRandom.uniform(s, "node_drop", col("dst")).geq(config.nodeDrop()));
    Dataset<Row> keptEdges =
        edges
            .filter(endpointsKept)
            .filter(
                StableRandom.uniform(s, "edge_drop", col("src"), col("dst"), col("relation"))
                    .geq(config.edgeDrop()));

    if (config.edgeAdd() > 0) {
      keptEdges = keptEdges.unionByName(addedEdges(keptNodes, edges, config, s));
    }
    if (config.featureMask() > 0) {
      keptNodes =
          keptNodes
              .withColumn("features", FeatureVectors.asStruct(col("features")))
              .withColumn("features", FeatureVectors.fromStruct(masked(config, s)));
    }
    if (config.centres() > 0) {
      Dataset<Row> reached =
          config.randomWalks()
              ? randomWalks(keptNodes, keptEdges, config, s)
              : egoNets(keptNodes, keptEdges, config, s);
      keptNodes = keptNodes.join(reached, "node_id");
      Dataset<Row> src = reached.select(col("node_id").as("src"));
      Dataset<Row> dst = reached.select(col("node_id").as("dst"));
      keptEdges = keptEdges.join(src, "src").join(dst, "dst");
    }
    return new View(
        keptNodes.withColumn("view", lit(view)), keptEdges.withColumn("view", lit(view)));
  }

  /**
   * About {@code edge_add} new edges per edge: an edge's draw below the rate adds one from its
   * source to a node id drawn uniformly up to the largest id; draws that hit no kept node are not
   * added.
   */
  private static Dataset<Row> addedEdges(
      Dataset<Row> keptNodes, Dataset<Row> edges, AugmentConfig config, long s) {
    Dataset<Row> maxId = keptNodes.agg(max("node_id").as("max_id"));
    Dataset<Row> drawn =
        edges
            .filter(
                StableRandom.uniform(s, "edge_add", col("src"), col("dst"), col("relation"))
                    .lt(config.edgeAdd()))
            .crossJoin(org.apache.spark.sql.functions.broadcast(maxId))
            .withColumn(
                "dst",
                floor(
                        StableRandom.uniform(
                                s, "edge_add_target", col("src"), col("dst"), col("relation"))
                            .multiply(col("max_id").plus(1)))
                    .cast("long"))
            .withColumn("relation", lit("augment_added"))
            .withColumn("weight", lit(null).cast("double"))
            .withColumn("timestamp", lit(null).cast("string"))
            .withColumn("reversed", lit(false))
            .drop("max_id");
    Dataset<Row> src = keptNodes.select(col("node_id").as("src"));
    Dataset<Row> dst = keptNodes.select(col("node_id").as("dst"));
    return drawn
        .join(src, "src", "left_semi")
        .join(dst, "dst", "left_semi")
        .selectExpr(edges.columns());
  }

  /**
   * Features (as the SQL struct) with masked entries removed (set to zero): per column, or per node
   * and column. The draws hash the column index, so a vector and its struct mask alike.
   */
  private static Column masked(AugmentConfig config, long s) {
    String draw =
        config.maskEntries()
            ? StableRandom.uniformSql(s, "feature_mask", "node_id", "e.indices")
            : StableRandom.uniformSql(s, "feature_mask", "e.indices");
    String kept =
        "filter(arrays_zip(features.indices, features.values), e -> "
            + draw
            + " >= "
            + config.featureMask()
            + ")";
    return expr(
        "named_struct('size', features.size, 'indices', transform("
            + kept
            + ", e -> e.indices), 'values', transform("
            + kept
            + ", e -> e.values))");
  }

  /** Centres of sampled subgraphs, drawn per node. */
  private static Dataset<Row> centres(Dataset<Row> nodes, AugmentConfig config, long s) {
    return nodes
        .filter(StableRandom.uniform(s, "centre", col("node_id")).lt(config.centres()))
        .select("node_id");
  }

  /** Edges both ways, as {@code from, to}: sampling walks a graph as undirected. */
  private static Dataset<Row> undirected(Dataset<Row> edges) {
    return edges
        .select(col("src").as("from"), col("dst").as("to"))
        .union(edges.select(col("dst").as("from"), col("src").as("to")));
  }

  /** Nodes within {@code hops} of a centre. */
  private static Dataset<Row> egoNets(
      Dataset<Row> nodes, Dataset<Row> edges, AugmentConfig config, long s) {
    Dataset<Row> reached = centres(nodes, config, s);
    Dataset<Row> undirected = undirected(edges);
    for (int hop = 0; hop < config.hops(); hop++) {
      Dataset<Row> next =
          undirected
              .join(reached.withColumnRenamed("node_id", "from"), "from")
              .select(col("to").as("node_id"));
      reached = reached.union(next).distinct();
    }
    return reached;
  }

  /**
   * Nodes visited by {@code walks} random walks with restart from each centre. A walker is a row
   * carrying its path; each step joins it to its node's sorted neighbour list and moves to the
   * neighbour a stable draw over (centre, walk, step) picks, or back to the centre with probability
   * {@code restart} (or when the node has no neighbours). The walkers are checkpointed every few
   * steps and at the end, so a long walk keeps a short plan and runs once.
   */
  private static Dataset<Row> randomWalks(
      Dataset<Row> nodes, Dataset<Row> edges, AugmentConfig config, long s) {
    Dataset<Row> neighbours =
        undirected(edges)
            .groupBy("from")
            .agg(array_sort(collect_set("to")).as("neighbours"))
            .withColumnRenamed("from", "at");
    Dataset<Row> walkers =
        centres(nodes, config, s)
            .select(col("node_id").as("centre"))
            .crossJoin(nodes.sparkSession().range(config.walks()).select(col("id").as("walk")))
            .withColumn("at", col("centre"))
            .withColumn("path", array(col("centre")));
    for (int step = 1; step <= config.walkLength(); step++) {
      Column draw = StableRandom.uniform(s, "walk_step", col("centre"), col("walk"), lit(step));
      Column restart =
          StableRandom.uniform(s, "walk_restart", col("centre"), col("walk"), lit(step))
              .lt(config.restart());
      Column picked =
          element_at(
              col("neighbours"), floor(draw.multiply(size(col("neighbours")))).cast("int").plus(1));
      walkers =
          walkers
              .join(neighbours, "at", "left")
              .withColumn(
                  "at",
                  when(restart.or(col("neighbours").isNull()), col("centre")).otherwise(picked))
              .withColumn("path", concat(col("path"), array(col("at"))))
              .select("centre", "walk", "at", "path");
      if (step % 4 == 0 || step == config.walkLength()) {
        walkers = walkers.localCheckpoint();
      }
    }
    return walkers.select(explode(col("path")).as("node_id")).distinct();
  }
}
