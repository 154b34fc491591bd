package org.autoglm.graph.clean;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.autoglm.config.ExperimentConfig.CleanConfig;
import org.autoglm.graph.FeatureVectors;
import org.autoglm.graph.Stash;

/**
 * The node rules of {@link GraphCleaner}. The anomaly rules need two summary numbers each (mean and
 * deviation of degrees, quartiles of feature norms) and mean imputation needs the column means: all
 * bounded by the feature count, never by the graph.
 */
final class NodeRules {
  private static final String NON_FINITE =
      "exists(features.values, v -> isnan(v) OR abs(v) = CAST('Infinity' AS FLOAT))";

  private NodeRules() {}

  /**
   * Node verdicts. The scored nodes (degree and feature norm beside each row) are stashed: the
   * anomaly thresholds, the clean nodes, the edges' endpoint check and the quarantine all read
   * them, and each recomputation shuffles every edge endpoint.
   */
  static Dataset<Row> judge(
      Dataset<Row> rawNodes, Dataset<Row> rawEdges, CleanConfig config, Stash stash) {
    Column nonFinite = coalesce(expr(NON_FINITE), lit(false));
    var byNode = Window.partitionBy("node_id");
    Dataset<Row> ranked =
        rawNodes
            .withColumn("non_finite", nonFinite)
            .withColumn(
                "occurrence",
                row_number().over(byNode.orderBy(col("non_finite"), col("source"), col("line"))))
            .withColumn(
                "labels",
                collect_set(when(col("non_finite").equalTo(false), col("label"))).over(byNode));
    Column conflict = size(col("labels")).gt(1);
    Column missing = col("features").isNull();
    boolean dropMissing = config.missingFeatures().equals("drop");
    Column verdict =
        coalesce(
            when(col("non_finite"), lit("non_finite_feature")),
            when(col("occurrence").gt(1).and(conflict), lit("conflicting_label")),
            when(col("occurrence").gt(1), lit("duplicate_node")),
            when(missing.and(lit(dropMissing)), lit("missing_features")));
    Column reason =
        when(
                col("non_finite"),
                concat(
                    lit("node '"),
                    col("node_key"),
                    lit("' has a non-finite feature value (NaN or Infinity)")))
            .when(
                col("occurrence").gt(1).and(conflict),
                concat(
                    lit("node '"),
                    col("node_key"),
                    lit("' has conflicting labels ["),
                    concat_ws(", ", expr("array_sort(labels)")),
                    lit("]; its first row is kept without a label")))
            .when(
                col("occurrence").gt(1),
                concat(lit("node '"), col("node_key"), lit("' appears again; the first is kept")))
            .when(
                missing.and(lit(dropMissing)),
                concat(
                    lit("node '"),
                    col("node_key"),
                    lit("' has no features (clean.missing_features: drop)")));
    Dataset<Row> judged =
        ranked
            .withColumn(GraphCleaner.VERDICT, verdict)
            .withColumn(GraphCleaner.REASON, reason)
            .withColumn(
                "label",
                when(conflict, lit(null).cast(DataTypes.StringType)).otherwise(col("label")))
            .drop("non_finite", "occurrence", "labels");
    judged = impute(judged, config.missingFeatures());
    return flagAnomalies(judged, rawEdges, config, stash);
  }

  /**
   * Features become MLlib vectors, the kept ones all of one length (the widest kept node's);
   * missing features become zeros or the column means of the kept nodes ({@link Summarizer}).
   */
  private static Dataset<Row> impute(Dataset<Row> nodes, String strategy) {
    Column kept = col(GraphCleaner.VERDICT).isNull();
    Row widest = nodes.filter(kept).agg(expr("max(features.size)")).first();
    Column width = lit(widest.isNullAt(0) ? 0 : widest.getInt(0));
    Dataset<Row> vectors =
        FeatureVectors.fromStructs(nodes)
            .withColumn(
                "features",
                when(kept, FeatureVectors.resized(col("features"), width))
                    .otherwise(col("features")));
    if (!strategy.equals("mean")) {
      return vectors.withColumn(
          "features",
          when(kept.and(col("features").isNull()), FeatureVectors.zeros(width))
              .otherwise(col("features")));
    }
    Dataset<Row> means =
        vectors
            .filter(kept.and(col("features").isNotNull()))
            .agg(Summarizer.mean(col("features")).as("mean_features"));
    return vectors
        .crossJoin(broadcast(means))
        .withColumn(
            "features",
            when(kept.and(col("features").isNull()), col("mean_features"))
                .otherwise(col("features")))
        .drop("mean_features");
  }

  /** Adds {@code flags}; with {@code clean.anomalies: drop} a flagged kept node is quarantined. */
  private static Dataset<Row> flagAnomalies(
      Dataset<Row> nodes, Dataset<Row> rawEdges, CleanConfig config, Stash stash) {
    Column noFlag = lit(null).cast(DataTypes.StringType);
    Column degreeFlag = noFlag;
    Column normFlag = noFlag;
    Dataset<Row> scored = nodes;
    Column kept = col(GraphCleaner.VERDICT).isNull();
    if (config.degreeZ() > 0) {
      Dataset<Row> degrees =
          rawEdges
              .select(col("src").as("node_id"))
              .union(rawEdges.select(col("dst").as("node_id")))
              .filter(col("node_id").isNotNull())
              .groupBy("node_id")
              .agg(count(lit(1)).as("degree"));
      scored = scored.join(degrees, "node_id", "left").na().fill(0, new String[] {"degree"});
    }
    if (config.normIqr() > 0) {
      scored = scored.withColumn("norm", FeatureVectors.norm(col("features")));
    }
    scored = stash.keep("scored_nodes", scored);
    if (config.degreeZ() > 0) {
      Row stats = scored.filter(kept).agg(avg("degree"), stddev_pop("degree")).first();
      double mean = stats.isNullAt(0) ? 0 : stats.getDouble(0);
      double sd = stats.isNullAt(1) ? 0 : stats.getDouble(1);
      if (sd > 0) {
        Column z = col("degree").minus(mean).divide(sd);
        degreeFlag =
            when(
                z.gt(config.degreeZ()),
                concat(
                    lit("degree_outlier: degree "),
                    col("degree"),
                    lit(" is "),
                    format_number(z, 1),
                    lit(
                        String.format(
                            " standard deviations above the mean %.1f (clean.degree_z: %s)",
                            mean, config.degreeZ()))));
      }
    }
    if (config.normIqr() > 0) {
      double[] q =
          scored.filter(kept).stat().approxQuantile("norm", new double[] {0.25, 0.75}, 0.001);
      if (q.length == 2) {
        double iqr = q[1] - q[0];
        double low = q[0] - config.normIqr() * iqr;
        double high = q[1] + config.normIqr() * iqr;
        normFlag =
            when(
                col("norm").lt(low).or(col("norm").gt(high)),
                concat(
                    lit("feature_norm_outlier: feature norm "),
                    format_number(col("norm"), 3),
                    lit(
                        String.format(
                            " is outside [%.3f, %.3f] (quartiles -/+ %s IQR; clean.norm_iqr)",
                            low, high, config.normIqr()))));
      }
    }
    if (config.nearDuplicateJaccard() > 0) {
      scored =
          scored.join(
              NearDuplicates.flags(scored.filter(kept), config.nearDuplicateJaccard())
                  .hint("merge"),
              "node_id",
              "left");
    } else {
      scored = scored.withColumn("near_duplicate_flag", noFlag);
    }
    Dataset<Row> flagged =
        scored
            .withColumn("degree_flag", degreeFlag)
            .withColumn("norm_flag", normFlag)
            .withColumn(
                "flags",
                when(
                        kept,
                        expr(
                            "filter(array(degree_flag, norm_flag, near_duplicate_flag),"
                                + " f -> f IS NOT NULL)"))
                    .otherwise(array().cast("array<string>")));
    if (config.dropAnomalies()) {
      flagged =
          flagged
              .withColumn(
                  GraphCleaner.REASON,
                  when(
                          kept.and(size(col("flags")).gt(0)),
                          expr("regexp_extract(flags[0], '^[a-z_]+: (.*)$', 1)"))
                      .otherwise(col(GraphCleaner.REASON)))
              .withColumn(
                  GraphCleaner.VERDICT,
                  when(
                          kept.and(size(col("flags")).gt(0)),
                          expr("regexp_extract(flags[0], '^([a-z_]+):', 1)"))
                      .otherwise(col(GraphCleaner.VERDICT)));
    }
    return flagged.drop("degree", "norm", "degree_flag", "norm_flag", "near_duplicate_flag");
  }
}
