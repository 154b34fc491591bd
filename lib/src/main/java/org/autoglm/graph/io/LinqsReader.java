package org.autoglm.graph.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.InputException;
import org.autoglm.graph.Quarantine;

/**
 * Reads a LINQS graph ({@code <name>.content}, {@code <name>.cites}, optional {@code <name>.split})
 * from any Hadoop filesystem path into raw tables. Malformed lines become reject rows with their
 * file and line number; node keys get dense ids in a distributed sort.
 */
public final class LinqsReader {
  private static final StructType PARSED =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("key_a", DataTypes.StringType, true),
              DataTypes.createStructField("key_b", DataTypes.StringType, true),
              DataTypes.createStructField("features", GraphTables.FEATURES, true),
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, false),
              DataTypes.createStructField("reason", DataTypes.StringType, true),
              DataTypes.createStructField("record", DataTypes.StringType, true)));

  private static final List<String> MALFORMED = List.of("malformed_line");

  /** Rules of the split file, in the order they apply. */
  public static final List<String> SPLIT_RULES =
      List.of("malformed_line", "duplicate_split", "unknown_split_node");

  private LinqsReader() {}

  /** The three files of a LINQS graph; {@code split} may be null. */
  public record Files(String content, String cites, String split) {}

  /** Finds {@code <name>.content} etc. in {@code dir}; {@code name} null means the only one. */
  public static Files locate(SparkSession spark, String dir, String name) {
    Path folder = new Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(folder)) {
        throw new InputException(
            "data.path '" + dir + "' does not exist; point it at the folder with the LINQS files");
      }
      String prefix = name;
      if (prefix == null) {
        FileStatus[] contents = fs.globStatus(new Path(folder, "*.content"));
        if (contents == null || contents.length != 1) {
          throw new InputException(
              "data.path '"
                  + dir
                  + "' must hold exactly one *.content file (found "
                  + (contents == null ? 0 : contents.length)
                  + "); set data.name to choose one");
        }
        String file = contents[0].getPath().getName();
        prefix = file.substring(0, file.length() - ".content".length());
      }
      Path content = new Path(folder, prefix + ".content");
      Path cites = new Path(folder, prefix + ".cites");
      Path split = new Path(folder, prefix + ".split");
      for (Path required : List.of(content, cites)) {
        if (!fs.exists(required)) {
          throw new InputException("LINQS file '" + required + "' does not exist");
        }
      }
      return new Files(
          fs.makeQualified(content).toString(),
          fs.makeQualified(cites).toString(),
          fs.exists(split) ? fs.makeQualified(split).toString() : null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list data.path '" + dir + "'", e);
    }
  }

  /** Reads the files into raw node and edge tables plus the rejected lines. */
  public static RawGraph read(SparkSession spark, Files files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<String, Long> contentLines = numberedLines(jsc, files.content());
    ContentShape shape = contentShape(contentLines, files.content());
    int width = shape.width();
    String contentSource = files.content();
    Dataset<Row> content =
        spark.createDataFrame(
            contentLines.map(t -> parseContent(t._1(), t._2() + 1, width, contentSource)), PARSED);

    Dataset<Row> ids =
        IdMapping.assign(spark, content.filter(col("reason").isNull()).select("key_a"));
    Dataset<Row> nodes =
        content
            .filter(col("reason").isNull())
            .join(ids, content.col("key_a").equalTo(ids.col("node_key")))
            .select(
                col("node_id"),
                col("node_key"),
                col("features"),
                col("key_b").as("label"),
                col("source"),
                col("line"));

    Dataset<Row> rejects = rejects(content, "nodes", "malformed_line");
    List<SourceBooks> books = new ArrayList<>();
    books.add(new SourceBooks("nodes", MALFORMED, shape::lines, null));
    if (files.split() != null) {
      JavaPairRDD<String, Long> splitLines = numberedLines(jsc, files.split());
      SplitJoin joined = joinSplit(spark, splitLines, nodes, files.split());
      nodes = joined.nodes();
      Dataset<Row> withSplit = nodes;
      // Split lines applied: distinct nodes that got one (a repeated node row shares it).
      books.add(
          new SourceBooks(
              "split",
              SPLIT_RULES,
              splitLines::count,
              () ->
                  withSplit
                      .filter(col("split").isNotNull())
                      .select("node_key")
                      .distinct()
                      .count()));
      rejects = rejects.unionByName(joined.rejects());
    } else {
      nodes = nodes.withColumn("split", lit(null).cast(DataTypes.StringType));
    }

    String citesSource = files.cites();
    JavaPairRDD<String, Long> citeLines = numberedLines(jsc, files.cites());
    books.add(new SourceBooks("edges", MALFORMED, citeLines::count, null));
    Dataset<Row> cites =
        spark.createDataFrame(
            citeLines.map(t -> parseCite(t._1(), t._2() + 1, citesSource)), PARSED);
    Dataset<Row> goodCites =
        cites
            .filter(col("reason").isNull())
            .select(
                col("key_a").as("src_key"),
                col("key_b").as("dst_key"),
                lit(null).cast(DataTypes.StringType).as("relation"),
                lit(null).cast(DataTypes.DoubleType).as("weight"),
                lit(null).cast(DataTypes.StringType).as("timestamp"),
                col("source"),
                col("line"));
    Dataset<Row> edges = EdgeListReader.resolveEndpoints(goodCites, ids);
    rejects = rejects.unionByName(rejects(cites, "edges", "malformed_line"));

    return new RawGraph(
        EdgeListReader.select(nodes, GraphTables.RAW_NODES), edges, null, rejects, books);
  }

  private record SplitJoin(Dataset<Row> nodes, Dataset<Row> rejects) {}

  /** Joins the split file; duplicate and unknown entries are rejected, never silently dropped. */
  private static SplitJoin joinSplit(
      SparkSession spark, JavaPairRDD<String, Long> lines, Dataset<Row> nodes, String splitFile) {
    Dataset<Row> parsed =
        spark.createDataFrame(lines.map(t -> parseSplit(t._1(), t._2() + 1, splitFile)), PARSED);
    Dataset<Row> good =
        parsed
            .filter(col("reason").isNull())
            .withColumn(
                "occurrence", row_number().over(Window.partitionBy("key_a").orderBy("line")));
    Dataset<Row> first = good.filter(col("occurrence").equalTo(1));
    Dataset<Row> duplicates =
        good.filter(col("occurrence").gt(1))
            .withColumn("reason", lit("node already has a split on an earlier line"));
    Dataset<Row> unknown =
        first
            .join(nodes, first.col("key_a").equalTo(nodes.col("node_key")), "left_anti")
            .withColumn("reason", lit("split names a node that is not in the content file"));
    Dataset<Row> splits = first.select(col("key_a").as("split_key"), col("key_b").as("split"));
    Dataset<Row> joined =
        nodes
            .join(splits, nodes.col("node_key").equalTo(splits.col("split_key")), "left")
            .drop("split_key");
    Dataset<Row> rejects =
        rejects(parsed, "split", "malformed_line")
            .unionByName(asRejects(duplicates.drop("occurrence"), "split", "duplicate_split"))
            .unionByName(asRejects(unknown.drop("occurrence"), "split", "unknown_split_node"));
    return new SplitJoin(joined, rejects);
  }

  private static Dataset<Row> rejects(Dataset<Row> parsed, String table, String rule) {
    return asRejects(parsed.filter(col("reason").isNotNull()), table, rule);
  }

  private static Dataset<Row> asRejects(Dataset<Row> rows, String table, String rule) {
    return rows.select(
        lit("collect").as("stage"),
        lit(table).as("table_name"),
        lit(rule).as("rule"),
        col("reason"),
        col("source"),
        col("line"),
        col("record"));
  }

  private static JavaPairRDD<String, Long> numberedLines(JavaSparkContext jsc, String file) {
    return jsc.textFile(file).zipWithIndex();
  }

  /**
   * The file's column count and its number of lines, from one pass. The width is the most common
   * one, so a few bad lines cannot redefine it; the line count is taken before parsing, so it
   * balances the books independently of what parsing kept.
   */
  private record ContentShape(int width, long lines) {}

  private static ContentShape contentShape(JavaPairRDD<String, Long> lines, String file) {
    Map<Integer, Long> widths = lines.keys().map(LinqsLines::columnCount).countByValue();
    if (widths.isEmpty()) {
      throw new InputException("LINQS content file '" + file + "' is empty");
    }
    int width = widths.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    if (width < 3) {
      throw new InputException(
          "LINQS content file '"
              + file
              + "' has "
              + width
              + " tab-separated column(s) on most lines but needs id, features and label:"
              + " is it tab-separated?");
    }
    return new ContentShape(width, widths.values().stream().mapToLong(Long::longValue).sum());
  }

  private static Row parseContent(String text, long line, int width, String source) {
    LinqsLines.Parsed<LinqsLines.Content> parsed = LinqsLines.content(text, width);
    if (parsed.isRejected()) {
      return reject(text, line, source, parsed.rejection());
    }
    LinqsLines.Content c = parsed.value();
    Row features = RowFactory.create(width - 2, c.featureColumns(), c.featureValues());
    return RowFactory.create(c.nodeKey(), c.label(), features, source, line, null, null);
  }

  private static Row parseCite(String text, long line, String source) {
    LinqsLines.Parsed<LinqsLines.Cite> parsed = LinqsLines.cite(text);
    if (parsed.isRejected()) {
      return reject(text, line, source, parsed.rejection());
    }
    return RowFactory.create(
        parsed.value().src(), parsed.value().dst(), null, source, line, null, null);
  }

  private static Row parseSplit(String text, long line, String source) {
    LinqsLines.Parsed<LinqsLines.SplitAssignment> parsed = LinqsLines.split(text);
    if (parsed.isRejected()) {
      return reject(text, line, source, parsed.rejection());
    }
    return RowFactory.create(
        parsed.value().nodeKey(), parsed.value().split(), null, source, line, null, null);
  }

  private static Row reject(String text, long line, String source, String reason) {
    return RowFactory.create(null, null, null, source, line, reason, Quarantine.truncate(text));
  }
}
