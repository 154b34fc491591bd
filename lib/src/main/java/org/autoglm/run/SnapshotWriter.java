package org.autoglm.run;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.Digests;
import org.autoglm.graph.FeatureVectors;
import org.autoglm.graph.InputException;
import org.autoglm.train.GraphSnapshot.Split;
import org.autoglm.train.SnapshotFormat;

/**
 * Writes a clean graph as a {@link SnapshotFormat} snapshot: node records in contiguous ranges and
 * edge records, each part streamed by an executor task of its own; the driver handles only sizes,
 * class names, the fingerprint and a row count per part.
 */
public final class SnapshotWriter {
  /** Labels beyond this many distinct values are not classes: likely the wrong column. */
  static final int MAX_CLASSES = 10_000;

  /** Nodes per node part, edges per edge part: a part is a task's work of a few seconds. */
  public static final long NODES_PER_PART = 100_000;

  public static final long EDGES_PER_PART = 1_000_000;

  private SnapshotWriter() {}

  public static SnapshotFormat.Header write(
      SparkSession spark, String cleanNodes, String cleanEdges, String dir) {
    return write(
        spark, spark.read().parquet(cleanNodes), spark.read().parquet(cleanEdges), dir, null);
  }

  /**
   * Packs {@code nodes} ({@code node_id, node_key, label, split, features}) and {@code edges}
   * ({@code src, dst}) into {@code dir}; {@code knownClasses} fixes the class order (a saved
   * model's; other labels count as unlabelled), null takes the labels' distinct values in order.
   */
  public static SnapshotFormat.Header write(
      SparkSession spark,
      Dataset<Row> nodes,
      Dataset<Row> edges,
      String dir,
      List<String> knownClasses) {
    return write(spark, nodes, edges, dir, knownClasses, NODES_PER_PART, EDGES_PER_PART);
  }

  /**
   * As above, cutting the nodes and the edges into parts of the given sizes (a benchmark's one part
   * against many).
   */
  public static SnapshotFormat.Header write(
      SparkSession spark,
      Dataset<Row> nodes,
      Dataset<Row> edges,
      String dir,
      List<String> knownClasses,
      long nodesPerPart,
      long edgesPerPart) {
    return SparkJobs.labelled(
        spark,
        "snapshot",
        "snapshot: pack the graph for training and prediction",
        () -> {
          List<String> classes = knownClasses != null ? knownClasses : classes(nodes);
          Row nodeStats =
              nodes
                  .agg(
                      count(lit(1)),
                      min("node_id"),
                      max("node_id"),
                      max(FeatureVectors.size(col("features"))),
                      bit_xor(
                          xxhash64(
                              col("node_key"),
                              col("label"),
                              col("split"),
                              FeatureVectors.asStruct(col("features")))))
                  .first();
          Row edgeStats =
              edges.agg(count(lit(1)), bit_xor(xxhash64(col("src"), col("dst")))).first();
          long numNodes = nodeStats.getLong(0);
          if (numNodes == 0) {
            throw new InputException("the clean graph has no nodes; see the quarantine table");
          }
          if (numNodes > Integer.MAX_VALUE) {
            throw new InputException("graphs over 2^31 nodes do not fit one trial's memory");
          }

          // Clean node ids are dense 0..n-1 unless a rule removed nodes; then renumber them.
          boolean dense = nodeStats.getLong(1) == 0 && nodeStats.getLong(2) == numNodes - 1;
          Dataset<Row> indexed =
              dense ? nodes.withColumn("idx", col("node_id")) : renumber(spark, nodes);
          Dataset<Row> indexedEdges =
              dense
                  ? edges.select(col("src").as("s"), col("dst").as("d"))
                  : edges
                      .join(indexed.select(col("node_id").as("src"), col("idx").as("s")), "src")
                      .join(indexed.select(col("node_id").as("dst"), col("idx").as("d")), "dst")
                      .select("s", "d");

          HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
          Tables.delete(spark, dir); // a part of an earlier graph must not stay beside these
          // Node part k holds indices [k * size, (k + 1) * size): computed, not sampled, and a
          // task may write several parts (hash partitioning of k).
          long partSize = Math.min(nodesPerPart, numNodes);
          int nodePartCount = partsFor(numNodes, partSize);
          List<long[]> nodesWritten =
              indexed
                  .select(
                      col("idx"),
                      col("label"),
                      col("split"),
                      col("features"),
                      col("idx").divide(partSize).cast("int").as("part"))
                  .repartition(nodePartCount, col("part"))
                  .sortWithinPartitions("part", "idx")
                  .javaRDD()
                  .mapPartitions(new NodeWriter(conf, dir, classes, partSize))
                  .collect();
          List<SnapshotFormat.Part> nodeParts = parts(nodesWritten);
          checkContiguous(nodeParts, numNodes, partSize);
          // Edges need no order: each task writes the edges it already holds, no shuffle, when
          // they come in enough partitions to keep the cores busy (or one part is asked for).
          int edgePartCount = partsFor(edgeStats.getLong(0), edgesPerPart);
          int parallel = Math.min(edgePartCount, spark.sparkContext().defaultParallelism());
          Dataset<Row> edgeRows =
              edgePartCount > 1 && indexedEdges.rdd().getNumPartitions() >= parallel
                  ? indexedEdges
                  : indexedEdges.repartition(edgePartCount);
          List<SnapshotFormat.Part> edgeParts =
              parts(
                  edgeRows
                      .javaRDD()
                      .mapPartitionsWithIndex(new EdgeWriter(conf, dir), true)
                      .collect());

          SnapshotFormat.Header header =
              new SnapshotFormat.Header(
                  fingerprint(nodeStats, edgeStats),
                  (int) numNodes,
                  edgeStats.getLong(0),
                  nodeStats.isNullAt(3) ? 0 : nodeStats.getInt(3),
                  nodesWritten.stream().mapToLong(w -> w[2]).sum(),
                  classes,
                  nodeParts,
                  edgeParts);
          writeHeader(spark, dir, header);
          return header;
        });
  }

  private static int partsFor(long rows, long perPart) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (rows + perPart - 1) / perPart));
  }

  /** The non-empty parts the tasks wrote ({@code [id, rows]}), in part order. */
  private static List<SnapshotFormat.Part> parts(List<long[]> written) {
    return written.stream()
        .filter(w -> w[1] > 0)
        .sorted(java.util.Comparator.comparingLong(w -> w[0]))
        .map(w -> new SnapshotFormat.Part((int) w[0], w[1]))
        .toList();
  }

  /** Part k holds the k-th range of node indices, whole: a reader relies on it. */
  private static void checkContiguous(
      List<SnapshotFormat.Part> parts, long numNodes, long partSize) {
    for (int k = 0; k < parts.size(); k++) {
      long expected = Math.min(partSize, numNodes - k * partSize);
      if (parts.get(k).id() != k || parts.get(k).rows() != expected) {
        throw new IllegalStateException(
            "snapshot node part "
                + parts.get(k).id()
                + " holds "
                + parts.get(k).rows()
                + " nodes, expected part "
                + k
                + " with "
                + expected);
      }
    }
  }

  private static List<String> classes(Dataset<Row> nodes) {
    List<String> classes =
        nodes
            .filter(col("label").isNotNull())
            .select("label")
            .distinct()
            .orderBy("label")
            .limit(MAX_CLASSES + 1)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    if (classes.size() > MAX_CLASSES) {
      throw new InputException(
          "the label column has more than " + MAX_CLASSES + " distinct values: is it the label?");
    }
    return classes;
  }

  /** {@code nodes} with {@code idx}: the rank of {@code node_id}, the snapshot's node order. */
  static Dataset<Row> renumber(SparkSession spark, Dataset<Row> nodes) {
    var numbered =
        nodes
            .select("node_id")
            .orderBy("node_id")
            .javaRDD()
            .zipWithIndex()
            .map(t -> org.apache.spark.sql.RowFactory.create(t._1().getLong(0), t._2()));
    Dataset<Row> ids =
        spark.createDataFrame(
            numbered,
            new org.apache.spark.sql.types.StructType()
                .add("node_id", org.apache.spark.sql.types.DataTypes.LongType)
                .add("idx", org.apache.spark.sql.types.DataTypes.LongType));
    return nodes.join(ids, "node_id");
  }

  /** Order-independent: XOR of row hashes and the counts, so partitioning cannot change it. */
  private static String fingerprint(Row nodeStats, Row edgeStats) {
    String canonical =
        nodeStats.getLong(0)
            + ":"
            + (nodeStats.isNullAt(4) ? 0 : nodeStats.getLong(4))
            + ":"
            + edgeStats.getLong(0)
            + ":"
            + (edgeStats.isNullAt(1) ? 0 : edgeStats.getLong(1));
    return Digests.sha256Prefix(canonical);
  }

  private static void writeHeader(SparkSession spark, String dir, SnapshotFormat.Header header) {
    Path path = new Path(dir, SnapshotFormat.HEADER);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (DataOutputStream out = new DataOutputStream(fs.create(path, true))) {
        SnapshotFormat.writeHeader(out, header);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot header " + path, e);
    }
  }

  static DataOutputStream create(HadoopConf conf, String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf.get());
    return new DataOutputStream(new BufferedOutputStream(fs.create(path, true), 1 << 20));
  }

  /**
   * Streams the node ranges one task received, each in index order to its part file; checks that
   * each range is whole and consecutive; returns {@code [part, rows, feature entries]} per part.
   */
  static final class NodeWriter
      implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, long[]> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String dir;
    private final List<String> classes;
    private final long partSize;

    NodeWriter(HadoopConf conf, String dir, List<String> classes, long partSize) {
      this.conf = conf;
      this.dir = dir;
      this.classes = List.copyOf(classes);
      this.partSize = partSize;
    }

    @Override
    public Iterator<long[]> call(Iterator<Row> rows) throws IOException {
      java.util.Map<String, Integer> classIndex = new java.util.HashMap<>();
      for (int i = 0; i < classes.size(); i++) {
        classIndex.put(classes.get(i), i);
      }
      List<long[]> written = new java.util.ArrayList<>();
      DataOutputStream out = null;
      int part = -1;
      long count = 0;
      long entries = 0;
      try {
        while (rows.hasNext()) {
          Row row = rows.next();
          long idx = row.getLong(0);
          if (row.getInt(4) != part) {
            if (out != null) {
              out.close();
              written.add(new long[] {part, count, entries});
            }
            part = row.getInt(4);
            count = 0;
            entries = 0;
            out = create(conf, dir + "/" + SnapshotFormat.nodesFile(part));
          }
          if (idx != part * partSize + count) {
            throw new IllegalStateException("snapshot node " + idx + " out of order");
          }
          count++;
          String label = row.getString(1);
          SparseVector features = row.<Vector>getAs(3).toSparse();
          int[] c = features.indices();
          entries += c.length;
          float[] v = new float[c.length];
          for (int k = 0; k < c.length; k++) {
            v[k] = (float) features.values()[k];
          }
          SnapshotFormat.writeNode(
              out,
              label == null ? -1 : classIndex.getOrDefault(label, -1),
              Split.of(row.getString(2)),
              c,
              v);
        }
      } finally {
        if (out != null) {
          out.close();
        }
      }
      if (part >= 0) {
        written.add(new long[] {part, count, entries});
      }
      return written.iterator();
    }
  }

  /** Streams some edges to their part file; returns {@code [part, rows]}. */
  static final class EdgeWriter
      implements org.apache.spark.api.java.function.Function2<
          Integer, Iterator<Row>, Iterator<long[]>> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String dir;

    EdgeWriter(HadoopConf conf, String dir) {
      this.conf = conf;
      this.dir = dir;
    }

    @Override
    public Iterator<long[]> call(Integer part, Iterator<Row> rows) throws IOException {
      long written = 0;
      if (rows.hasNext()) {
        try (DataOutputStream out = create(conf, dir + "/" + SnapshotFormat.edgesFile(part))) {
          while (rows.hasNext()) {
            Row row = rows.next();
            SnapshotFormat.writeEdge(out, (int) row.getLong(0), (int) row.getLong(1));
            written++;
          }
        }
      }
      return List.of(new long[] {part, written}).iterator();
    }
  }
}
