package org.autoglm.graph.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig.SyntheticConfig;
import org.autoglm.graph.GraphTables;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.Quarantine;
import org.autoglm.random.Seeds;

/**
 * A contextual stochastic block model generated on executors: node {@code i} belongs to class
 * {@code i mod classes}; each edge joins two nodes of the same class with probability {@code
 * homophily}; each node's bag of words draws a share {@code feature_signal} from its class's topic.
 * Every node and its edges come from a seed derived from (seed, node id), so the graph does not
 * depend on partitioning.
 */
public final class SyntheticGraph {
  public static final String SOURCE = "synthetic";
  private static final long NODE_STREAM = 1;
  private static final long EDGE_STREAM = 2;
  private static final long SPLIT_STREAM = 3;

  private SyntheticGraph() {}

  public static RawGraph generate(SparkSession spark, SyntheticConfig config, long seed) {
    Dataset<Long> ids = spark.range(0, config.nodes(), 1, config.partitions());
    Dataset<Row> nodes =
        ids.map(
            (MapFunction<Long, Row>) id -> node(config, seed, id),
            Encoders.row(GraphTables.RAW_NODES));
    Dataset<Row> edges =
        ids.flatMap(
            (FlatMapFunction<Long, Row>) id -> edges(config, seed, id).iterator(),
            Encoders.row(GraphTables.RAW_EDGES));
    Dataset<Row> rejects = spark.createDataFrame(List.of(), Quarantine.SCHEMA);
    List<String> noRules = List.of();
    return new RawGraph(
        nodes,
        edges,
        null,
        rejects,
        List.of(
            new SourceBooks("nodes", noRules, () -> config.nodes(), null),
            new SourceBooks("edges", noRules, edges::count, null)));
  }

  static int classOf(SyntheticConfig config, long node) {
    return (int) (node % config.classes());
  }

  static Row node(SyntheticConfig config, long seed, long id) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed ^ NODE_STREAM, id));
    int cls = classOf(config, id);
    int[] words = words(config, cls, random);
    float[] ones = new float[words.length];
    Arrays.fill(ones, 1f);
    Row features = RowFactory.create(config.features(), words, ones);
    return RowFactory.create(
        id, Long.toString(id), features, "class_" + cls, split(config, seed, id), SOURCE, null);
  }

  /** Distinct, sorted word indices: topic words of the class with probability feature_signal. */
  private static int[] words(SyntheticConfig config, int cls, SplittableRandom random) {
    int features = config.features();
    int classes = config.classes();
    int topicSize = (features - cls + classes - 1) / classes; // words w with w % classes == cls
    java.util.BitSet chosen = new java.util.BitSet(features);
    int target = config.wordsPerNode();
    int attempts = 0;
    while (chosen.cardinality() < target && attempts++ < target * 20) {
      int word =
          topicSize > 0 && random.nextDouble() < config.featureSignal()
              ? cls + classes * random.nextInt(topicSize)
              : random.nextInt(features);
      chosen.set(word);
    }
    return chosen.stream().toArray();
  }

  private static String split(SyntheticConfig config, long seed, long id) {
    double u = new SplittableRandom(Seeds.mix(seed ^ SPLIT_STREAM, id)).nextDouble();
    if (u < config.trainFraction()) {
      return "train";
    }
    return u < config.trainFraction() + config.valFraction() ? "val" : "test";
  }

  /** About avg_degree / 2 edges drawn from each node (the model treats edges as undirected). */
  static List<Row> edges(SyntheticConfig config, long seed, long src) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed ^ EDGE_STREAM, src));
    double half = config.avgDegree() / 2;
    int count = (int) half + (random.nextDouble() < half - Math.floor(half) ? 1 : 0);
    long n = config.nodes();
    int classes = config.classes();
    int cls = classOf(config, src);
    long classSize = (n - cls + classes - 1) / classes;
    List<Row> rows = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      long dst =
          random.nextDouble() < config.homophily()
              ? cls + (long) classes * random.nextLong(classSize)
              : random.nextLong(n);
      rows.add(
          RowFactory.create(
              src, dst, Long.toString(src), Long.toString(dst), null, null, null, SOURCE, null));
    }
    return rows;
  }
}
