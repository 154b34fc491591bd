package org.autoglm.graph.split;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.autoglm.config.ExperimentConfig.SplitConfig;
import org.autoglm.graph.StableRandom;

/**
 * Assigns the {@code split} column of clean nodes: {@code given} keeps the source's split; {@code
 * planetoid} takes {@code per_class} training nodes per class, then {@code val} and {@code test}
 * nodes from the rest; {@code random} splits each class by fractions. Order within a class and
 * overall comes from a {@link StableRandom} draw per node, so a seed gives one split on any
 * partitioning. Unlabelled nodes get no split.
 */
public final class Splitter {
  private Splitter() {}

  public static Dataset<Row> assign(
      SparkSession spark, Dataset<Row> nodes, SplitConfig config, long seed) {
    if (config.method().equals("given")) {
      return nodes;
    }
    Column draw = StableRandom.uniform(seed, "split", col("node_id"));
    Dataset<Row> drawn = nodes.withColumn("draw", draw);
    Column labelled = col("label").isNotNull();
    var byClass = Window.partitionBy("label").orderBy("draw", "node_id");
    Dataset<Row> split;
    if (config.method().equals("random")) {
      Column rank = percent_rank().over(byClass);
      split =
          drawn.withColumn(
              "split",
              when(labelled.and(rank.lt(config.trainFraction())), lit("train"))
                  .when(
                      labelled.and(rank.lt(config.trainFraction() + config.valFraction())),
                      lit("val"))
                  .when(labelled, lit("test")));
    } else {
      Dataset<Row> ranked =
          drawn.withColumn(
              "split",
              when(labelled.and(row_number().over(byClass).leq(config.perClass())), lit("train")));
      Dataset<Row> rest = ranked.filter(labelled.and(col("split").isNull()));
      Dataset<Row> order = globalOrder(spark, rest);
      split =
          ranked
              .join(order, ranked.col("node_id").equalTo(order.col("rest_id")), "left")
              .withColumn(
                  "split",
                  when(col("split").isNotNull(), col("split"))
                      .when(col("position").lt(config.val()), lit("val"))
                      .when(col("position").lt(config.val() + config.test()), lit("test")))
              .drop("rest_id", "position");
    }
    return split.drop("draw").select(nodes.columns()[0], restOf(nodes.columns()));
  }

  /** Positions 0.. of {@code rows} by draw: a distributed sort numbered with zipWithIndex. */
  private static Dataset<Row> globalOrder(SparkSession spark, Dataset<Row> rows) {
    JavaRDD<Row> numbered =
        rows.select("node_id", "draw")
            .orderBy("draw", "node_id")
            .javaRDD()
            .zipWithIndex()
            .map(t -> RowFactory.create(t._1().getLong(0), t._2()));
    return spark.createDataFrame(
        numbered,
        DataTypes.createStructType(
            List.of(
                DataTypes.createStructField("rest_id", DataTypes.LongType, false),
                DataTypes.createStructField("position", DataTypes.LongType, false))));
  }

  private static String[] restOf(String[] columns) {
    return java.util.Arrays.copyOfRange(columns, 1, columns.length);
  }
}
