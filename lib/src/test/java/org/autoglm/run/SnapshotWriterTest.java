package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.testing.Csbm;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphStore;
import org.autoglm.train.GraphStoreView;
import org.autoglm.train.SnapshotFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot in parts, written by many tasks: the same graph as one task writes. */
class SnapshotWriterTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void manyPartsHoldTheSameGraphAndFingerprintAsOne() {
    GraphSnapshot graph = Csbm.graph(700, 3, 30, 6, 0.8, 0.5, 3);
    Dataset<Row> nodes = nodes(graph);
    Dataset<Row> edges = edges(graph);

    SnapshotFormat.Header one =
        SnapshotWriter.write(
            spark, nodes, edges, dir.resolve("one").toString(), null, 1000, 10_000);
    SnapshotFormat.Header many =
        SnapshotWriter.write(spark, nodes, edges, dir.resolve("many").toString(), null, 100, 500);

    assertThat(one.nodeParts()).hasSize(1);
    assertThat(many.nodeParts()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(many.edgeParts()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(many.fingerprint()).isEqualTo(one.fingerprint());
    GraphSnapshot fromOne = read(dir.resolve("one"), one);
    GraphSnapshot fromMany = read(dir.resolve("many"), many);
    assertThat(fromMany.numNodes()).isEqualTo(graph.numNodes());
    assertThat(fromMany.numEdges()).isEqualTo(graph.numEdges());
    for (int node = 0; node < graph.numNodes(); node++) {
      assertThat(fromMany.label(node)).isEqualTo(fromOne.label(node)).isEqualTo(graph.label(node));
      assertThat(fromMany.split(node)).isEqualTo(graph.split(node));
      assertThat(fromMany.featureRowStart(node)).isEqualTo(graph.featureRowStart(node));
    }
    assertThat(edgeSet(fromMany)).isEqualTo(edgeSet(graph));
    // The header read back lists the parts the writer wrote.
    assertThat(SnapshotCache.header(conf(), dir.resolve("many").toString()).orElseThrow())
        .isEqualTo(many);
    assertThat(many.numFeatureEntries()).isEqualTo(graph.numFeatureEntries());

    // The local store sampled trials read, built from the parts: the same nodes, and each node's
    // neighbours once, both directions, without self-loops.
    GraphStore store = SnapshotCache.store(conf(), dir.resolve("many").toString(), many);
    assertThat(store.numFeatureEntries()).isEqualTo(graph.numFeatureEntries());
    List<java.util.TreeSet<Integer>> adjacent = new ArrayList<>();
    for (int node = 0; node < graph.numNodes(); node++) {
      adjacent.add(new java.util.TreeSet<>());
      assertThat(store.label(node)).isEqualTo(graph.label(node));
      assertThat(store.split(node)).isEqualTo(graph.split(node));
      assertThat(store.featureColumns(node)).isEqualTo(graph.featureColumns(node));
      assertThat(store.featureValues(node)).isEqualTo(graph.featureValues(node));
    }
    for (int e = 0; e < graph.numEdges(); e++) {
      if (graph.edgeSrc(e) != graph.edgeDst(e)) {
        adjacent.get(graph.edgeSrc(e)).add(graph.edgeDst(e));
        adjacent.get(graph.edgeDst(e)).add(graph.edgeSrc(e));
      }
    }
    for (int node = 0; node < graph.numNodes(); node++) {
      assertThat(GraphStoreView.neighbours(store, node))
          .as("neighbours of node %d", node)
          .containsExactlyElementsOf(adjacent.get(node));
    }
  }

  private static HadoopConf conf() {
    return new HadoopConf(new Configuration());
  }

  private static GraphSnapshot read(Path folder, SnapshotFormat.Header header) {
    return SnapshotCache.get(conf(), folder.toString(), header.fingerprint());
  }

  private static List<Long> edgeSet(GraphSnapshot graph) {
    List<Long> edges = new ArrayList<>();
    for (int e = 0; e < graph.numEdges(); e++) {
      edges.add((long) graph.edgeSrc(e) << 32 | graph.edgeDst(e));
    }
    edges.sort(null);
    return edges;
  }

  private static Dataset<Row> nodes(GraphSnapshot graph) {
    List<Row> rows = new ArrayList<>();
    for (int node = 0; node < graph.numNodes(); node++) {
      float[] floats = graph.featureValues(node);
      double[] values = new double[floats.length];
      for (int k = 0; k < floats.length; k++) {
        values[k] = floats[k];
      }
      rows.add(
          RowFactory.create(
              (long) node,
              "n" + node,
              graph.classNames().get(graph.label(node)),
              graph.split(node).name().toLowerCase(java.util.Locale.ROOT),
              Vectors.sparse(graph.numFeatures(), graph.featureColumns(node), values)));
    }
    StructType schema =
        new StructType()
            .add("node_id", DataTypes.LongType)
            .add("node_key", DataTypes.StringType)
            .add("label", DataTypes.StringType)
            .add("split", DataTypes.StringType)
            .add("features", new org.apache.spark.ml.linalg.VectorUDT());
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  private static Dataset<Row> edges(GraphSnapshot graph) {
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < graph.numEdges(); e++) {
      rows.add(RowFactory.create((long) graph.edgeSrc(e), (long) graph.edgeDst(e)));
    }
    StructType schema =
        new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType);
    return spark.createDataFrame(rows, schema).repartition(3);
  }
}
