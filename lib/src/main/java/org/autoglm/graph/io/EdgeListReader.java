package org.autoglm.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.config.ExperimentConfig.EdgeListConfig;
import org.autoglm.config.ExperimentConfig.NodeTableConfig;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.InputException;
import org.autoglm.graph.Quarantine;

/**
 * Reads an edge list (CSV, TSV, JSON Lines or Parquet, columns mapped by name or position) and an
 * optional node table into raw tables. Without a node table the nodes are the edges' endpoints,
 * without features or labels. Unreadable rows are quarantined at collect with their file and line.
 */
public final class EdgeListReader {
  /** Collect rules of edge and node tables, in the order they apply. */
  public static final List<String> RULES =
      List.of("encoding", "malformed_line", "null_id", "non_numeric_id");

  static final StructType PARSED_EDGES =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("src_key", DataTypes.StringType, true),
              DataTypes.createStructField("dst_key", DataTypes.StringType, true),
              DataTypes.createStructField("relation", DataTypes.StringType, true),
              DataTypes.createStructField("weight", DataTypes.DoubleType, true),
              DataTypes.createStructField("timestamp", DataTypes.StringType, true),
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, true),
              DataTypes.createStructField("rule", DataTypes.StringType, true),
              DataTypes.createStructField("reason", DataTypes.StringType, true),
              DataTypes.createStructField("record", DataTypes.StringType, true)));

  static final StructType PARSED_NODES =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("node_key", DataTypes.StringType, true),
              DataTypes.createStructField("features", GraphTables.FEATURES, true),
              DataTypes.createStructField("label", DataTypes.StringType, true),
              DataTypes.createStructField("split", DataTypes.StringType, true),
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, true),
              DataTypes.createStructField("rule", DataTypes.StringType, true),
              DataTypes.createStructField("reason", DataTypes.StringType, true),
              DataTypes.createStructField("record", DataTypes.StringType, true)));

  private EdgeListReader() {}

  /**
   * @param edgeFiles the edge files to read (all of {@code path}, or the manifest's new ones)
   * @param nodeFiles likewise for the node table, when {@code nodeTable} has a path
   */
  public static RawGraph read(
      SparkSession spark,
      String path,
      EdgeListConfig config,
      List<String> edgeFiles,
      NodeTableConfig nodeTable,
      List<String> nodeFiles) {
    requireFormat("data.path", "data.format", config.format(), edgeFiles);
    List<String> columns =
        Arrays.asList(
            config.src(), config.dst(), config.relation(), config.weight(), config.timestamp());
    Map<String, String> keys =
        settingNames("data.columns.", columns, "src", "dst", "relation", "weight", "timestamp");
    TableRows.Read edgeRows =
        TableRows.read(
            spark,
            new TableRows.Spec("data.path", path, config.format(), config.header(), keys, columns),
            edgeFiles);
    boolean numeric = config.numericIds();
    Dataset<Row> parsedEdges =
        edgeRows
            .rows()
            .map(
                (MapFunction<Row, Row>) row -> parseEdge(row, columns, numeric),
                Encoders.row(PARSED_EDGES));
    Dataset<Row> goodEdges = parsedEdges.filter(col("rule").isNull());
    Dataset<Row> rejects = asRejects(parsedEdges.filter(col("rule").isNotNull()), "edges");
    List<SourceBooks> books = new ArrayList<>();
    books.add(new SourceBooks("edges", RULES, edgeRows.inputRows(), null));

    if (nodeTable.path() != null) {
      NodeRows nodeRows = readNodes(spark, nodeTable, nodeFiles, numeric);
      books.add(nodeRows.books());
      Dataset<Row> ids = IdMapping.assign(spark, nodeRows.good().select("node_key"));
      return new RawGraph(
          select(nodeRows.good().join(ids, "node_key"), GraphTables.RAW_NODES),
          resolveEndpoints(goodEdges, ids),
          null,
          rejects.unionByName(nodeRows.rejects()),
          books);
    }
    Dataset<Row> ids = IdMapping.assign(spark, endpoints(goodEdges));
    return new RawGraph(
        endpointNodes(ids, path), resolveEndpoints(goodEdges, ids), null, rejects, books);
  }

  /** Every endpoint key of {@code edges}, once per end. */
  static Dataset<Row> endpoints(Dataset<Row> edges) {
    return edges
        .select(col("src_key").as("node_key"))
        .union(edges.select(col("dst_key").as("node_key")));
  }

  /** Raw nodes for ids that no node table describes: no features, label or split. */
  static Dataset<Row> endpointNodes(Dataset<Row> ids, String source) {
    return select(
        ids.withColumn("features", lit(null).cast(GraphTables.FEATURES))
            .withColumn("label", lit(null).cast(DataTypes.StringType))
            .withColumn("split", lit(null).cast(DataTypes.StringType))
            .withColumn("source", lit(source))
            .withColumn("line", lit(null).cast(DataTypes.LongType)),
        GraphTables.RAW_NODES);
  }

  /** Edges with node ids; an endpoint the node table lacks keeps its key and a null id. */
  static Dataset<Row> resolveEndpoints(Dataset<Row> edges, Dataset<Row> ids) {
    Dataset<Row> srcIds = ids.select(col("node_key").as("s_key"), col("node_id").as("src"));
    Dataset<Row> dstIds = ids.select(col("node_key").as("d_key"), col("node_id").as("dst"));
    Dataset<Row> resolved =
        edges
            .join(srcIds, edges.col("src_key").equalTo(srcIds.col("s_key")), "left")
            .join(dstIds, edges.col("dst_key").equalTo(dstIds.col("d_key")), "left");
    return select(resolved, GraphTables.RAW_EDGES);
  }

  static Dataset<Row> select(Dataset<Row> rows, StructType schema) {
    return rows.select(Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  private record NodeRows(Dataset<Row> good, Dataset<Row> rejects, SourceBooks books) {}

  private static NodeRows readNodes(
      SparkSession spark, NodeTableConfig table, List<String> files, boolean numeric) {
    requireFormat("data.nodes.path", "data.nodes.format", table.format(), files);
    List<String> columns =
        Arrays.asList(table.id(), table.features(), table.label(), table.split());
    Map<String, String> keys =
        settingNames("data.nodes.", columns, "id", "features", "label", "split");
    TableRows.Read rows =
        TableRows.read(
            spark,
            new TableRows.Spec(
                "data.nodes.path", table.path(), table.format(), table.header(), keys, columns),
            files);
    boolean sparse = table.sparseFeatures();
    Dataset<Row> parsed =
        rows.rows()
            .map(
                (MapFunction<Row, Row>) row -> parseNode(row, numeric, sparse),
                Encoders.row(PARSED_NODES));
    return new NodeRows(
        parsed.filter(col("rule").isNull()),
        asRejects(parsed.filter(col("rule").isNotNull()), "nodes"),
        new SourceBooks("nodes", RULES, rows.inputRows(), null));
  }

  /** For messages: the setting that named each mapped column, e.g. 'from' -> data.columns.src. */
  private static Map<String, String> settingNames(
      String prefix, List<String> columns, String... roles) {
    Map<String, String> keys = new HashMap<>();
    for (int c = 0; c < roles.length; c++) {
      if (columns.get(c) != null) {
        keys.putIfAbsent(columns.get(c), prefix + roles[c]);
      }
    }
    return keys;
  }

  static Dataset<Row> asRejects(Dataset<Row> parsed, String table) {
    return parsed.select(
        lit("collect").as("stage"),
        lit(table).as("table_name"),
        col("rule"),
        col("reason"),
        col("source"),
        col("line"),
        col("record"));
  }

  /** Fails before reading when the files' extension names another format than configured. */
  static void requireFormat(String pathKey, String formatKey, String format, List<String> files) {
    if (files.isEmpty()) {
      return;
    }
    String found = TableRows.formatOf(files.get(0));
    if (ExperimentConfig.TABLE_FORMATS.contains(found) && !found.equals(format)) {
      throw new InputException(
          "'"
              + formatKey
              + "' is "
              + format
              + " but the files under "
              + pathKey
              + " are ."
              + SourceFiles.extension(files.get(0))
              + " (e.g. '"
              + files.get(0)
              + "'); set "
              + formatKey
              + ": "
              + found);
    }
  }

  private static Row parseEdge(Row row, List<String> columns, boolean numeric) {
    String source = row.getString(0);
    Long line = row.isNullAt(1) ? null : row.getLong(1);
    String record = row.getString(5);
    if (!row.isNullAt(3)) {
      return edgeReject(source, line, row.getString(3), row.getString(4), record);
    }
    List<String> fields = row.getList(2);
    String[] ids = new String[2];
    for (int end = 0; end < 2; end++) {
      String role = end == 0 ? "source" : "target";
      String value = fields.get(end);
      if (value == null || value.isBlank()) {
        return edgeReject(
            source,
            line,
            "null_id",
            "the " + role + " id (column '" + columns.get(end) + "') is empty",
            record);
      }
      ids[end] = numeric ? canonicalInteger(value.trim()) : value.trim();
      if (ids[end] == null) {
        return edgeReject(source, line, "non_numeric_id", notInteger(role, value, line), record);
      }
    }
    Double weight = null;
    if (fields.get(3) != null && !fields.get(3).isBlank()) {
      try {
        weight = Double.parseDouble(fields.get(3).trim());
      } catch (NumberFormatException e) {
        weight = Double.NaN;
      }
      if (!Double.isFinite(weight)) {
        return edgeReject(
            source,
            line,
            "malformed_line",
            "weight '"
                + fields.get(3)
                + "' (column '"
                + columns.get(3)
                + "') is not a finite number",
            record);
      }
    }
    return RowFactory.create(
        ids[0], ids[1], fields.get(2), weight, fields.get(4), source, line, null, null, null);
  }

  private static Row parseNode(Row row, boolean numeric, boolean sparse) {
    String source = row.getString(0);
    Long line = row.isNullAt(1) ? null : row.getLong(1);
    String record = row.getString(5);
    if (!row.isNullAt(3)) {
      return nodeReject(source, line, row.getString(3), row.getString(4), record);
    }
    List<String> fields = row.getList(2);
    String id = fields.get(0);
    if (id == null || id.isBlank()) {
      return nodeReject(source, line, "null_id", "the node id is empty", record);
    }
    String key = numeric ? canonicalInteger(id.trim()) : id.trim();
    if (key == null) {
      return nodeReject(source, line, "non_numeric_id", notInteger("node", id, line), record);
    }
    Row features = null;
    if (fields.get(1) != null) {
      FeatureText.Result parsed = FeatureText.parse(fields.get(1), sparse);
      if (parsed.rejection() != null) {
        return nodeReject(source, line, "malformed_line", parsed.rejection(), record);
      }
      FeatureText.Features f = parsed.features();
      features = RowFactory.create(f.size(), f.indices(), f.values());
    }
    String split = fields.get(3) == null || fields.get(3).isBlank() ? null : fields.get(3).trim();
    if (split != null && !List.of("train", "val", "test").contains(split)) {
      return nodeReject(
          source,
          line,
          "malformed_line",
          "split '" + split + "' must be train, val or test",
          record);
    }
    String label = fields.get(2) == null || fields.get(2).isBlank() ? null : fields.get(2).trim();
    return RowFactory.create(key, features, label, split, source, line, null, null, null);
  }

  private static String notInteger(String role, String value, Long line) {
    return "the "
        + role
        + " id '"
        + value
        + "' is not an integer (data.numeric_ids: true)"
        + (line != null && line == 1 ? "; if line 1 is a header, set header: true" : "");
  }

  /** The integer's canonical text ("007" and "7" are one node), or null if it is not one. */
  static String canonicalInteger(String text) {
    try {
      return Long.toString(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Row edgeReject(
      String source, Long line, String rule, String reason, String record) {
    return RowFactory.create(
        null, null, null, null, null, source, line, rule, reason, Quarantine.truncate(record));
  }

  private static Row nodeReject(
      String source, Long line, String rule, String reason, String record) {
    return RowFactory.create(
        null, null, null, null, source, line, rule, reason, Quarantine.truncate(record));
  }
}
