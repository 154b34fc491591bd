package org.autoglm.graph;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the canonical graph tables. Raw tables carry where each row came from ({@code source},
 * {@code line}) so that cleaning can quarantine it with its location.
 */
public final class GraphTables {
  private GraphTables() {}

  /** Sparse features, laid out like an MLlib sparse vector: queryable as plain SQL. */
  public static final StructType FEATURES =
      createStructType(
          List.of(
              createStructField("size", IntegerType, false),
              createStructField("indices", createArrayType(IntegerType, false), false),
              createStructField("values", createArrayType(FloatType, false), false)));

  public static final StructType RAW_NODES =
      createStructType(
          List.of(
              createStructField("node_id", LongType, false),
              createStructField("node_key", StringType, false),
              createStructField("features", FEATURES, true),
              createStructField("label", StringType, true),
              createStructField("split", StringType, true),
              createStructField("source", StringType, false),
              createStructField("line", LongType, true)));

  /** Endpoints are null where the source named a node the node table does not have. */
  public static final StructType RAW_EDGES =
      createStructType(
          List.of(
              createStructField("src", LongType, true),
              createStructField("dst", LongType, true),
              createStructField("src_key", StringType, false),
              createStructField("dst_key", StringType, false),
              createStructField("relation", StringType, true),
              createStructField("weight", DoubleType, true),
              createStructField("timestamp", StringType, true),
              createStructField("source", StringType, false),
              createStructField("line", LongType, true)));

  public static final List<String> CLEAN_NODE_COLUMNS =
      List.of("node_id", "node_key", "features", "label", "split", "flags");
  public static final List<String> CLEAN_EDGE_COLUMNS =
      List.of("src", "dst", "relation", "weight", "timestamp", "reversed");

  /** N-Triples literals that are not labels: kept beside the graph, joinable by node_key. */
  public static final StructType ATTRIBUTES =
      createStructType(
          List.of(
              createStructField("node_key", StringType, false),
              createStructField("predicate", StringType, false),
              createStructField("value", StringType, false),
              createStructField("datatype", StringType, true),
              createStructField("source", StringType, false),
              createStructField("line", LongType, true)));

  /**
   * A graph's tables, as read or generated, before cleaning.
   *
   * @param attributes N-Triples literals kept as attributes, or null for other sources
   * @param rejects input rows no table could take, in the quarantine schema
   * @param books one account per input table, so the collect stage's books can be balanced
   */
  public record RawGraph(
      Dataset<Row> nodes,
      Dataset<Row> edges,
      Dataset<Row> attributes,
      Dataset<Row> rejects,
      List<SourceBooks> books) {}

  /**
   * How many rows an input table held and how many the raw tables kept, each counted on its own.
   *
   * @param table the name quarantine rows use ({@code nodes}, {@code edges}, {@code split}, ...)
   * @param rules the reader's rules for this table, in the order they apply
   * @param kept null: count the raw table of the same name after it is written
   */
  public record SourceBooks(
      String table, List<String> rules, LongSupplier rowsIn, LongSupplier kept) {}

  /**
   * Fails before any compute when {@code table} lacks a column of {@code expected} or has it with
   * another type.
   */
  public static void requireSchema(String table, Dataset<Row> data, StructType expected) {
    for (var field : expected.fields()) {
      var actual =
          Arrays.stream(data.schema().fields())
              .filter(f -> f.name().equals(field.name()))
              .findFirst();
      if (actual.isEmpty()) {
        throw new IllegalArgumentException(
            "table '"
                + table
                + "' has no column '"
                + field.name()
                + "'; it has "
                + String.join(", ", data.columns()));
      }
      if (!actual.get().dataType().sameType(field.dataType())) {
        throw new IllegalArgumentException(
            "column '"
                + table
                + "."
                + field.name()
                + "' is "
                + actual.get().dataType().simpleString()
                + " but must be "
                + field.dataType().simpleString());
      }
    }
  }
}
