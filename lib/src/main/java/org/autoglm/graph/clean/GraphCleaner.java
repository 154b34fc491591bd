package org.autoglm.graph.clean;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.autoglm.config.ExperimentConfig.CleanConfig;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.Stash;

/**
 * Cleaning rules over raw graph tables. Every row gets a verdict, the first rule it fails or null;
 * kept rows and quarantined rows come from the same plan, so each row lands in exactly one.
 *
 * <p>Node rules, in order: {@code non_finite_feature}; {@code conflicting_label} (a node's rows
 * disagree on its label: the first row is kept without a label, the others are quarantined); {@code
 * duplicate_node}; {@code missing_features} (when configured to drop; else imputed with zeros or
 * the column means); the anomaly flags {@code degree_outlier} (degree z-score in the raw edge list)
 * and {@code feature_norm_outlier} (feature L2 norm outside Tukey's fences), which are recorded in
 * the {@code flags} column and quarantine only when configured to drop. Edge rules, in order:
 * {@code dangling_edge} (an endpoint is not a kept node), {@code self_loop} (when configured to
 * drop), {@code duplicate_edge} (same src, dst and relation). With symmetrisation the clean edges
 * also hold the missing reverse of every kept edge, marked {@code reversed}.
 */
public final class GraphCleaner {
  public static final String VERDICT = "verdict";
  public static final String REASON = "reason";
  public static final List<String> NODE_RULES =
      List.of(
          "non_finite_feature",
          "conflicting_label",
          "duplicate_node",
          "missing_features",
          "degree_outlier",
          "feature_norm_outlier",
          "near_duplicate");
  public static final List<String> EDGE_RULES =
      List.of("dangling_edge", "self_loop", "duplicate_edge");

  /** The data_quality rule of edges that symmetrisation added. */
  public static final String REVERSE_EDGE = "reverse_edge";

  private GraphCleaner() {}

  /** Raw tables with a verdict and reason on every row. */
  public record Verdicts(Dataset<Row> nodes, Dataset<Row> edges) {
    public Dataset<Row> cleanNodes() {
      return nodes
          .filter(col(VERDICT).isNull())
          .selectExpr(columns(GraphTables.CLEAN_NODE_COLUMNS));
    }

    public Dataset<Row> cleanEdges() {
      return edges
          .filter(col(VERDICT).isNull())
          .selectExpr(columns(GraphTables.CLEAN_EDGE_COLUMNS));
    }

    /** Rejected rows in the quarantine schema, the row itself rendered as JSON. */
    public Dataset<Row> quarantine() {
      return asQuarantine(nodes, "nodes").unionByName(asQuarantine(edges, "edges"));
    }

    private static String[] columns(List<String> names) {
      return names.toArray(String[]::new);
    }

    private static Dataset<Row> asQuarantine(Dataset<Row> rows, String table) {
      Column[] record =
          java.util.Arrays.stream(rows.columns())
              .filter(c -> !List.of(VERDICT, REASON, "source", "line", "flags").contains(c))
              .map(c -> col(c))
              .toArray(Column[]::new);
      return rows.filter(col(VERDICT).isNotNull())
          .select(
              lit("clean").as("stage"),
              lit(table).as("table_name"),
              col(VERDICT).as("rule"),
              col(REASON).as("reason"),
              col("source"),
              col("line"),
              to_json(struct(record)).as("record"));
    }
  }

  /**
   * Verdicts on the raw tables. Judged edges and scored nodes go through {@code stash}, so the
   * clean tables and the quarantine written from them do not judge twice.
   */
  public static Verdicts judge(
      Dataset<Row> rawNodes, Dataset<Row> rawEdges, CleanConfig config, Stash stash) {
    GraphTables.requireSchema("nodes", rawNodes, GraphTables.RAW_NODES);
    GraphTables.requireSchema("edges", rawEdges, GraphTables.RAW_EDGES);
    Dataset<Row> nodes = NodeRules.judge(rawNodes, rawEdges, config, stash);

    Dataset<Row> kept = nodes.filter(col(VERDICT).isNull());
    Dataset<Row> srcNodes = kept.select(col("node_id").as("src_known"));
    Dataset<Row> dstNodes = kept.select(col("node_id").as("dst_known"));
    Dataset<Row> edges = rawEdges;
    Dataset<Row> resolved =
        edges
            .join(srcNodes, edges.col("src").equalTo(srcNodes.col("src_known")), "left")
            .join(dstNodes, edges.col("dst").equalTo(dstNodes.col("dst_known")), "left");

    Column danglingSrc = col("src_known").isNull();
    Column dangling = danglingSrc.or(col("dst_known").isNull());
    Column selfLoop = lit(config.dropSelfLoops()).and(col("src").equalTo(col("dst")));
    Column repeat =
        row_number()
            .over(Window.partitionBy("src", "dst", "relation").orderBy("source", "line"))
            .gt(1);
    Column verdict =
        coalesce(
            when(dangling, lit("dangling_edge")),
            when(selfLoop, lit("self_loop")),
            when(repeat, lit("duplicate_edge")));
    Column reason =
        when(
                dangling,
                concat(
                    lit("endpoint '"),
                    when(danglingSrc, col("src_key")).otherwise(col("dst_key")),
                    lit("' is not a node")))
            .when(selfLoop, concat(lit("edge joins node '"), col("src_key"), lit("' to itself")))
            .when(
                repeat,
                concat(
                    lit("edge '"),
                    col("src_key"),
                    lit("' -> '"),
                    col("dst_key"),
                    lit("' repeats an earlier edge")));
    Dataset<Row> judgedEdges =
        resolved
            .withColumn(VERDICT, verdict)
            .withColumn(REASON, reason)
            .withColumn("reversed", lit(false))
            .drop("src_known", "dst_known");
    return new Verdicts(nodes, stash.keep("judged_edges", judgedEdges));
  }

  /**
   * {@code cleanEdges} and, for each edge whose reverse (same relation) is missing, that reverse,
   * with {@code reversed} true.
   */
  public static Dataset<Row> withReverses(Dataset<Row> cleanEdges) {
    Dataset<Row> reverses =
        cleanEdges.select(
            col("dst").as("src"),
            col("src").as("dst"),
            col("relation"),
            col("weight"),
            col("timestamp"),
            lit(true).as("reversed"));
    Dataset<Row> present =
        cleanEdges.select(
            col("src").as("p_src"), col("dst").as("p_dst"), col("relation").as("p_rel"));
    Column same =
        reverses
            .col("src")
            .equalTo(present.col("p_src"))
            .and(reverses.col("dst").equalTo(present.col("p_dst")))
            .and(reverses.col("relation").eqNullSafe(present.col("p_rel")));
    return cleanEdges.unionByName(reverses.join(present, same, "left_anti"));
  }
}
