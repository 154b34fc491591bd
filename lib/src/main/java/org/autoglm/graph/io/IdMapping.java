package org.autoglm.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.GraphTables.RawGraph;

/**
 * Dense long ids for string node keys, assigned on executors: the distinct keys are sorted by a
 * distributed sort and numbered with {@code zipWithIndex}, so only one count per partition reaches
 * the driver. The same keys always get the same ids. The result is kept as the {@code id_map} table
 * so outputs can be joined back to the source's ids.
 */
public final class IdMapping {
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("node_key", DataTypes.StringType, false),
              DataTypes.createStructField("node_id", DataTypes.LongType, false)));

  private IdMapping() {}

  /**
   * {@code node_key, node_id} for the distinct values of the single string column of {@code keys}.
   */
  public static Dataset<Row> assign(SparkSession spark, Dataset<Row> keys) {
    String column = keys.columns()[0];
    JavaRDD<Row> numbered =
        keys.filter(keys.col(column).isNotNull())
            .distinct()
            .orderBy(column)
            .javaRDD()
            .zipWithIndex()
            .map(t -> RowFactory.create(t._1().getString(0), t._2()));
    return spark.createDataFrame(numbered, SCHEMA);
  }

  /**
   * Ids for the keys of {@code keys} that {@code known} lacks, numbered after its largest id in key
   * order: an incremental collect keeps every earlier id and the ids stay dense.
   */
  public static Dataset<Row> extend(SparkSession spark, Dataset<Row> known, Dataset<Row> keys) {
    Dataset<Row> fresh =
        keys.select(col(keys.columns()[0]).as("node_key"))
            .join(known.select("node_key"), "node_key", "left_anti");
    Row largest = known.agg(max("node_id")).first();
    long next = largest.isNullAt(0) ? 0 : largest.getLong(0) + 1;
    return assign(spark, fresh).withColumn("node_id", col("node_id").plus(next));
  }

  /**
   * A batch read with ids of its own, renumbered by key to {@code ids} (the earlier batches' ids
   * and this batch's {@link #extend extension}). A node the batch only implies as an endpoint (it
   * has no line of its own) is kept only when it is new: an earlier batch already holds it.
   */
  public static RawGraph renumber(RawGraph batch, Dataset<Row> ids, Dataset<Row> known) {
    Dataset<Row> nodes = batch.nodes().drop("node_id").join(ids, "node_key");
    Dataset<Row> newlyImplied =
        nodes.filter(col("line").isNull()).join(known.select("node_key"), "node_key", "left_anti");
    return new RawGraph(
        EdgeListReader.select(
            nodes.filter(col("line").isNotNull()).unionByName(newlyImplied), GraphTables.RAW_NODES),
        EdgeListReader.resolveEndpoints(batch.edges().drop("src", "dst"), ids),
        batch.attributes(),
        batch.rejects(),
        batch.books());
  }
}
