package org.autoglm.graph.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.Stash;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class NearDuplicatesTest extends SparkTestBase {
  private static final int WIDTH = 1000;
  @TempDir Path dir;

  @Test
  void aNodeAlmostTheSameAsAnEarlierOneIsQuarantinedWithItsTwinAndSimilarityNamed() {
    List<Row> rows =
        List.of(
            node(0, range(0, 10)),
            node(1, range(0, 11)), // 10 of 11 shared with node 0: 0.909
            node(2, range(20, 30)),
            node(3, range(0, 5)), // 0.5 with node 0
            node(4, new int[0])); // no set: not compared
    GraphCleaner.Verdicts verdicts = judge(rows, "drop");

    List<Row> quarantined = verdicts.quarantine().collectAsList();
    assertThat(quarantined).hasSize(1);
    assertThat(quarantined.get(0).<String>getAs("rule")).isEqualTo("near_duplicate");
    assertThat(quarantined.get(0).<String>getAs("reason"))
        .isEqualTo(
            "features are 0.909 Jaccard-similar to node 'n0'"
                + " (clean.near_duplicate_jaccard: 0.9)");
    assertThat(verdicts.cleanNodes().count() + quarantined.size()).isEqualTo(rows.size());

    Row flagged = judge(rows, "flag").cleanNodes().filter("node_id = 1").select("flags").first();
    assertThat(flagged.<String>getList(0))
        .singleElement()
        .asString()
        .startsWith("near_duplicate: ");
  }

  @Test
  void plantedNearDuplicatesAreAllFoundAndNothingElse() {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    List<int[]> originals = new ArrayList<>();
    for (long id = 0; id < 400; id++) {
      int[] words = draw(random, 30);
      originals.add(words);
      rows.add(node(id, words));
    }
    TreeSet<Long> planted = new TreeSet<>();
    for (int k = 0; k < 40; k++) {
      int[] twin = originals.get(k * 7).clone();
      twin[random.nextInt(twin.length)] = WIDTH - 1 - k; // one word swapped: 29 / 31 = 0.935
      long id = 400 + k;
      planted.add(id);
      TreeSet<Integer> sorted = new TreeSet<>();
      Arrays.stream(twin).forEach(sorted::add);
      rows.add(node(id, sorted.stream().mapToInt(i -> i).toArray()));
    }
    List<Long> found =
        judge(rows, "drop").quarantine().select("line").collectAsList().stream()
            .map(r -> r.getLong(0) - 1)
            .sorted()
            .toList();

    assertThat(found).containsExactlyElementsOf(planted);
  }

  @Test
  void rowsPerBandGrowWithTheThresholdAndJaccardComparesSetsOfNonZeros() {
    assertThat(NearDuplicates.rowsPerBand(0.5)).isEqualTo(2);
    assertThat(NearDuplicates.rowsPerBand(0.9)).isEqualTo(8);
    assertThat(NearDuplicates.rowsPerBand(1.0)).isGreaterThan(NearDuplicates.rowsPerBand(0.9));
    assertThat(
            NearDuplicates.jaccard(
                Vectors.sparse(5, new int[] {0, 1, 2}, new double[] {1, 1, 1}),
                Vectors.sparse(5, new int[] {1, 2, 3}, new double[] {1, 2, 3})))
        .isEqualTo(0.5);
  }

  private GraphCleaner.Verdicts judge(List<Row> rows, String anomalies) {
    var config =
        TestConfigs.load(
            dir,
            "study: {name: t, seed: 5}\nclean: {near_duplicate_jaccard: 0.9, degree_z: 0,"
                + " norm_iqr: 0, anomalies: "
                + anomalies
                + "}\n");
    Dataset<Row> nodes = spark.createDataFrame(rows, GraphTables.RAW_NODES);
    Dataset<Row> edges = spark.createDataFrame(List.of(), GraphTables.RAW_EDGES);
    return GraphCleaner.judge(nodes, edges, config.clean(), Stash.NONE);
  }

  private static Row node(long id, int[] indices) {
    float[] ones = new float[indices.length];
    Arrays.fill(ones, 1f);
    Row features = RowFactory.create(WIDTH, indices, ones);
    return RowFactory.create(id, "n" + id, features, "a", null, "nodes.csv", id + 1);
  }

  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  private static int[] draw(Random random, int count) {
    TreeSet<Integer> words = new TreeSet<>();
    while (words.size() < count) {
      words.add(random.nextInt(WIDTH - 100));
    }
    return words.stream().mapToInt(i -> i).toArray();
  }
}
