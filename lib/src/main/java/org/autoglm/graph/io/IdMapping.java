package org.autoglm.graph.io;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
}
