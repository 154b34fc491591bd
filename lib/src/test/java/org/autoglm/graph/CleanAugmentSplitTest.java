package org.autoglm.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.augment.GraphAugmenter;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.split.Splitter;
import org.autoglm.graph.synth.SyntheticGraph;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node cleaning rules, augmentation and splits: counts, reasons, and independence of partitions.
 */
@Tag("slow")
class CleanAugmentSplitTest extends SparkTestBase {
  @TempDir Path dir;

  private ExperimentConfig config(String yaml) {
    return TestConfigs.load(dir, "study: {name: t, seed: 5}\n" + yaml);
  }

  private static Row node(long id, String label, int[] indices, float[] values) {
    Row features = indices == null ? null : RowFactory.create(4, indices, values);
    return RowFactory.create(id, "n" + id, features, label, null, "nodes.csv", id + 1);
  }

  private static Row edge(long src, long dst) {
    return RowFactory.create(src, dst, "n" + src, "n" + dst, null, null, null, "edges.csv", 1L);
  }

  private Dataset<Row> nodes(List<Row> rows) {
    return spark.createDataFrame(rows, GraphTables.RAW_NODES);
  }

  private Dataset<Row> edges(List<Row> rows) {
    return spark.createDataFrame(rows, GraphTables.RAW_EDGES);
  }

  @Test
  void missingFeaturesTakeTheColumnMeansOfKeptNodes() {
    List<Row> rows =
        List.of(
            node(0, "x", new int[] {0}, new float[] {1f}),
            node(1, "y", null, null),
            node(2, "x", new int[] {1}, new float[] {3f}),
            node(2, "x", new int[] {1}, new float[] {3f}),
            node(3, "x", new int[] {0}, new float[] {Float.POSITIVE_INFINITY}));
    GraphCleaner.Verdicts verdicts =
        GraphCleaner.judge(
            nodes(rows),
            edges(List.of(edge(0, 1))),
            config("clean: {missing_features: mean, degree_z: 0, norm_iqr: 0}").clean(),
            Stash.NONE);
    Map<String, Long> quarantined =
        verdicts.quarantine().groupBy("rule").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(quarantined)
        .containsExactlyInAnyOrderEntriesOf(Map.of("duplicate_node", 1L, "non_finite_feature", 1L));
    Row imputed = verdicts.cleanNodes().filter("node_id = 1").first();
    // (1 + 0) / 2, (0 + 3) / 2, from MLlib's Summarizer
    assertThat(imputed.<Vector>getAs("features")).isEqualTo(Vectors.dense(0.5, 1.5, 0, 0));
    assertThat(verdicts.cleanNodes().schema().apply("features").dataType())
        .isEqualTo(SQLDataTypes.VectorType());
    // Every kept node's vector has the one width, so MLlib transformers apply as they are.
    List<Row> normalised =
        new Normalizer()
            .setP(1)
            .setInputCol("features")
            .setOutputCol("l1")
            .transform(verdicts.cleanNodes())
            .orderBy("node_id")
            .select("l1")
            .collectAsList();
    assertThat(normalised.stream().map(r -> r.<Vector>getAs(0)).toList())
        .containsExactly(
            Vectors.dense(1, 0, 0, 0),
            Vectors.dense(0.25, 0.75, 0, 0),
            Vectors.sparse(4, new int[] {1}, new double[] {1}));
    assertThat(verdicts.cleanNodes().count() + verdicts.quarantine().count()).isEqualTo(5);
  }

  @Test
  void aHubIsFlaggedAndDroppedWhenConfigured() {
    List<Row> rows = new ArrayList<>();
    List<Row> links = new ArrayList<>();
    for (long i = 0; i <= 40; i++) {
      rows.add(node(i, "x", new int[] {0}, new float[] {1f}));
      if (i > 1) {
        links.add(edge(0, i)); // node 0 is a hub
        links.add(edge(1, i)); // node 1 as well, less so
      }
    }
    for (long i = 2; i < 40; i++) {
      links.add(edge(i, i + 1));
    }
    ExperimentConfig flag = config("clean: {degree_z: 3, norm_iqr: 0, anomalies: flag}");
    GraphCleaner.Verdicts flagged =
        GraphCleaner.judge(nodes(rows), edges(links), flag.clean(), Stash.NONE);
    assertThat(flagged.cleanNodes().filter("size(flags) > 0").count()).isEqualTo(2);
    assertThat(flagged.cleanNodes().filter("node_id = 0").first().<String>getList(5).get(0))
        .startsWith("degree_outlier: degree 39 is ");

    ExperimentConfig drop = config("clean: {degree_z: 3, norm_iqr: 0, anomalies: drop}");
    GraphCleaner.Verdicts dropped =
        GraphCleaner.judge(nodes(rows), edges(links), drop.clean(), Stash.NONE);
    assertThat(dropped.quarantine().filter("rule = 'degree_outlier'").count()).isEqualTo(2);
    assertThat(dropped.quarantine().filter("rule = 'dangling_edge'").count()).isEqualTo(78);
    assertThat(dropped.cleanNodes().count()).isEqualTo(39);
  }

  private GraphCleaner.Verdicts synthetic(ExperimentConfig config, int partitions) {
    var raw = SyntheticGraph.generate(spark, config.data().synthetic(), 5);
    return GraphCleaner.judge(
        raw.nodes().repartition(partitions),
        raw.edges().repartition(partitions),
        config.clean(),
        Stash.NONE);
  }

  private static void assertSameRows(Dataset<Row> a, Dataset<Row> b) {
    assertThat(a.count()).isEqualTo(b.count());
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();
  }

  @Test
  void viewsAreTheSameOnAnyPartitioningAndDifferPerView() {
    ExperimentConfig config =
        config(
            """
            data: {synthetic: {nodes: 400, classes: 4, features: 40, words_per_node: 6}}
            augment: {views: 2, node_drop: 0.2, edge_drop: 0.2, edge_add: 0.1, feature_mask: 0.25,
                      mask: column, centres: 0.1, hops: 1}
            """);
    GraphCleaner.Verdicts one = synthetic(config, 1);
    GraphCleaner.Verdicts five = synthetic(config, 5);
    GraphAugmenter.View a =
        GraphAugmenter.view(one.cleanNodes(), one.cleanEdges(), config.augment(), 5, 0);
    GraphAugmenter.View b =
        GraphAugmenter.view(five.cleanNodes(), five.cleanEdges(), config.augment(), 5, 0);
    assertSameRows(a.nodes(), b.nodes());
    assertSameRows(a.edges(), b.edges());
    assertThat(a.edges().filter("relation = 'augment_added'").count()).isPositive();

    GraphAugmenter.View other =
        GraphAugmenter.view(one.cleanNodes(), one.cleanEdges(), config.augment(), 5, 1);
    assertThat(other.nodes().drop("view").exceptAll(a.nodes().drop("view")).count()).isPositive();

    // Column masking removes the same feature columns from every node: about a quarter of them.
    long columnsLeft =
        a.nodes()
            .select(explode(FeatureVectors.asStruct(col("features")).getField("indices")))
            .distinct()
            .count();
    assertThat(columnsLeft).isBetween(20L, 36L);
  }

  @Test
  void randomWalkViewsAreTheSameOnAnyPartitioningAndStayNearTheirCentres() {
    ExperimentConfig config =
        config(
            """
            data: {synthetic: {nodes: 400, classes: 4, features: 40, words_per_node: 6}}
            augment: {views: 1, node_drop: 0, edge_drop: 0, edge_add: 0, feature_mask: 0,
                      centres: 0.02, subgraph: rwr, walks: 2, walk_length: 6, restart: 0.3}
            """);
    GraphCleaner.Verdicts one = synthetic(config, 1);
    GraphCleaner.Verdicts five = synthetic(config, 5);
    // Materialised first: the walk's checkpoints would otherwise each recompute the cleaning.
    GraphAugmenter.View a =
        GraphAugmenter.view(
            one.cleanNodes().localCheckpoint(),
            one.cleanEdges().localCheckpoint(),
            config.augment(),
            5,
            0);
    GraphAugmenter.View b =
        GraphAugmenter.view(
            five.cleanNodes().localCheckpoint(),
            five.cleanEdges().localCheckpoint(),
            config.augment(),
            5,
            0);
    assertSameRows(a.nodes(), b.nodes());
    assertSameRows(a.edges(), b.edges());

    long allNodes = one.cleanNodes().count();
    long visited = a.nodes().count();
    // About 8 centres, each adding at most walks x walk_length = 12 nodes beyond itself.
    assertThat(visited).isGreaterThan(8).isLessThan(allNodes / 2);
    assertThat(a.edges().count()).isPositive();
    assertThat(a.edges().join(a.nodes().selectExpr("node_id AS src"), "src", "left_anti").count())
        .isZero();
  }

  @Test
  void symmetrisationAddsOnlyMissingReversesPerRelation() {
    Dataset<Row> clean =
        spark
            .createDataFrame(
                List.of(
                    edge(0, 1),
                    edge(1, 0),
                    edge(1, 2),
                    RowFactory.create(1L, 2L, "n1", "n2", "cites", null, null, "edges.csv", 2L),
                    edge(2, 2)),
                GraphTables.RAW_EDGES)
            .selectExpr("src", "dst", "relation", "weight", "timestamp", "false AS reversed");

    List<String> symmetric =
        GraphCleaner.withReverses(clean)
            .selectExpr("concat_ws(' ', src, dst, coalesce(relation, '-'), reversed)")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();

    assertThat(symmetric)
        .containsExactlyInAnyOrder(
            "0 1 - false",
            "1 0 - false",
            "1 2 - false",
            "1 2 cites false",
            "2 2 - false",
            "2 1 - true",
            "2 1 cites true");
  }

  @Test
  void planetoidSplitHasExactCountsOnAnyPartitioning() {
    ExperimentConfig config =
        config(
            """
            data: {synthetic: {nodes: 300, classes: 3, features: 20, words_per_node: 4}}
            split: {method: planetoid, per_class: 5, val: 30, test: 60}
            """);
    Dataset<Row> one = Splitter.assign(spark, synthetic(config, 1).cleanNodes(), config.split(), 5);
    Dataset<Row> four =
        Splitter.assign(spark, synthetic(config, 4).cleanNodes(), config.split(), 5);
    assertSameRows(one.select("node_id", "split"), four.select("node_id", "split"));
    Map<String, Long> sizes =
        one.groupBy("split").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> String.valueOf(r.getString(0)), r -> r.getLong(1)));
    assertThat(sizes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("train", 15L, "val", 30L, "test", 60L, "null", 195L));
    assertThat(one.filter("split = 'train'").groupBy("label").count().collectAsList())
        .allMatch(r -> r.getLong(1) == 5);
  }
}
