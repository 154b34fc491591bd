package org.autoglm.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.Quarantine;

/**
 * Reads a knowledge graph in N-Triples. A triple whose object is an IRI or blank node is an edge
 * subject → object with the predicate as its relation. A literal object is not a node: under {@code
 * data.ntriples.label_predicate} it is the subject's label, otherwise it is kept in the {@code
 * attributes} table (node_key, predicate, value, datatype). Nodes are every subject and non-literal
 * object; blank lines and {@code #} comments hold no triple and are not counted.
 */
public final class NTriplesReader {
  public static final List<String> RULES = List.of("encoding", "malformed_line");

  private static final StructType PARSED =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("subject", DataTypes.StringType, true),
              DataTypes.createStructField("predicate", DataTypes.StringType, true),
              DataTypes.createStructField("object", DataTypes.StringType, true),
              DataTypes.createStructField("literal", DataTypes.BooleanType, true),
              DataTypes.createStructField("datatype", DataTypes.StringType, true),
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, false),
              DataTypes.createStructField("rule", DataTypes.StringType, true),
              DataTypes.createStructField("reason", DataTypes.StringType, true),
              DataTypes.createStructField("record", DataTypes.StringType, true)));

  private NTriplesReader() {}

  public static RawGraph read(
      SparkSession spark, String path, List<String> files, String labelPredicate) {
    Dataset<Row> lines =
        TextLines.read(spark, files)
            .lines()
            .filter(
                (FilterFunction<Row>)
                    l -> l.isNullAt(2) || !NTriplesLine.isBlankOrComment(l.getString(2)));
    Dataset<Row> parsed =
        lines.map((MapFunction<Row, Row>) NTriplesReader::parse, Encoders.row(PARSED));
    Dataset<Row> good = parsed.filter(col("rule").isNull());
    Dataset<Row> edges =
        good.filter(col("literal").equalTo(false))
            .select(
                col("subject").as("src_key"),
                col("object").as("dst_key"),
                col("predicate").as("relation"),
                lit(null).cast(DataTypes.DoubleType).as("weight"),
                lit(null).cast(DataTypes.StringType).as("timestamp"),
                col("source"),
                col("line"));
    Dataset<Row> literals = good.filter(col("literal").equalTo(true));
    boolean hasLabels = labelPredicate != null;
    Dataset<Row> labels =
        hasLabels ? literals.filter(col("predicate").equalTo(labelPredicate)) : literals.limit(0);
    Dataset<Row> attributes =
        (hasLabels ? literals.filter(col("predicate").notEqual(labelPredicate)) : literals)
            .select(
                col("subject").as("node_key"),
                col("predicate"),
                col("object").as("value"),
                col("datatype"),
                col("source"),
                col("line"));

    Dataset<Row> ids =
        IdMapping.assign(
            spark,
            EdgeListReader.endpoints(edges).union(literals.select(col("subject").as("node_key"))));
    // A labelled resource's node rows are its label triples (several are judged by clean).
    Dataset<Row> labelled =
        labels
            .select(
                col("subject").as("node_key"),
                lit(null).cast(GraphTables.FEATURES).as("features"),
                col("object").as("label"),
                lit(null).cast(DataTypes.StringType).as("split"),
                col("source"),
                col("line"))
            .join(ids, "node_key");
    Dataset<Row> unlabelled =
        EdgeListReader.endpointNodes(
            ids.join(labels, ids.col("node_key").equalTo(labels.col("subject")), "left_anti"),
            path);
    Dataset<Row> nodes =
        EdgeListReader.select(labelled, GraphTables.RAW_NODES).unionByName(unlabelled);

    Dataset<Row> keptEdges = edges;
    SourceBooks books =
        new SourceBooks("triples", RULES, lines::count, () -> keptEdges.count() + literals.count());
    return new RawGraph(
        nodes,
        EdgeListReader.resolveEndpoints(edges, ids),
        attributes,
        EdgeListReader.asRejects(parsed.filter(col("rule").isNotNull()), "triples"),
        List.of(books));
  }

  private static Row parse(Row line) {
    String source = line.getString(0);
    long number = line.getLong(1);
    if (line.isNullAt(2)) {
      return RowFactory.create(
          null, null, null, null, null, source, number, "encoding", line.getString(3), null);
    }
    String text = line.getString(2);
    NTriplesLine.Result result = NTriplesLine.parse(text);
    if (result.rejection() != null) {
      return RowFactory.create(
          null,
          null,
          null,
          null,
          null,
          source,
          number,
          "malformed_line",
          result.rejection(),
          Quarantine.truncate(text));
    }
    NTriplesLine.Triple t = result.triple();
    return RowFactory.create(
        t.subject(),
        t.predicate(),
        t.object(),
        t.literal(),
        t.datatype(),
        source,
        number,
        null,
        null,
        null);
  }
}
