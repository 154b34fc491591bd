package org.autoglm.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.io.InputException;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.OutputLayout;
import org.autoglm.run.SnapshotCache;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study's saved model used from Spark ML: the transformer's predictions are the trainer's own,
 * node for node, alone and as a saved and reloaded stage of an MLlib pipeline.
 */
class GraphPredictorTest extends SparkTestBase {
  private static final String STUDY =
      """
      study: {name: tiny, seed: 3}
      data:
        source: synthetic
        synthetic: {nodes: 300, classes: 3, features: 60, words_per_node: 8, avg_degree: 6,
                    homophily: 0.9, feature_signal: 0.5, partitions: 3}
      features: {pipeline: [normalize: 1]}
      search:
        trials: 2
        parallelism: 2
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
      train: {epochs: 30, patience: 30, baseline: true}
      """;

  @TempDir static Path output;
  private static RunAction.Result run;
  private static OutputLayout layout;

  @BeforeAll
  static void study() {
    ExperimentConfig config = TestConfigs.load(output, STUDY);
    run =
        new RunAction(
                spark,
                config,
                LocalDate.of(2026, 12, 1),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .execute();
    layout = run.layout();
  }

  @Test
  void predictionsAreTheTrainersOwnForEveryNode() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ModelBundle bundle = ModelBundle.load(conf, run.bestModel());
    assertThat(bundle.featureModel()).endsWith("/feature_model");
    assertThat(bundle.classes()).isEqualTo(run.snapshot().classNames());
    GraphSnapshot graph =
        SnapshotCache.get(
            new HadoopConf(conf), layout.snapshot("tiny"), run.snapshot().fingerprint());
    float[][] expected =
        NodeClassificationTrainer.classProbabilities(
            graph, bundle.settings(), bundle.checkpoint(conf));

    Dataset<Row> scored = predictor().transform(cleanNodes());

    assertSameAsTrainer(scored, expected, bundle.classes());
    assertThat(scored.columns()).contains("node_key", "label", "prediction", "probability");
  }

  @Test
  void savedAndLoadedAsAStageOfAnMllibPipelineItPredictsTheSame() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ModelBundle bundle = ModelBundle.load(conf, run.bestModel());
    Dataset<Row> nodes = cleanNodes();
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {predictor()}).fit(nodes);
    String saved = output.resolve("pipeline").toString();
    fitted.write().overwrite().save(saved);

    Dataset<Row> scored = PipelineModel.load(saved).transform(nodes);

    GraphSnapshot graph =
        SnapshotCache.get(
            new HadoopConf(conf), layout.snapshot("tiny"), run.snapshot().fingerprint());
    assertSameAsTrainer(
        scored,
        NodeClassificationTrainer.classProbabilities(
            graph, bundle.settings(), bundle.checkpoint(conf)),
        bundle.classes());
    assertThat(GraphPredictor.load(saved + "/stages/0_" + fitted.stages()[0].uid()).uid())
        .isEqualTo(fitted.stages()[0].uid());
  }

  @Test
  void nodesOfAnotherWidthOrAMissingModelAreRefusedWithWhatToDo() {
    Dataset<Row> narrow =
        cleanNodes().withColumn("features", org.apache.spark.sql.functions.lit(null));
    assertThatThrownBy(() -> predictor().transform(cleanNodes().drop("features")))
        .hasMessageStartingWith("GraphPredictor needs column 'features'");
    assertThatThrownBy(
            () -> predictor().setModelPath(output.resolve("nothing").toString()).transform(narrow))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no saved model at")
        .hasMessageContaining("point --model at");
  }

  @Test
  void everyStudyWritesItsGraphFreeBaselineBesideTheTrials() {
    Row baseline = spark.read().format("delta").load(layout.table(OutputLayout.BASELINES)).first();
    assertThat(baseline.<String>getAs("model")).isEqualTo("logistic_regression");
    assertThat(baseline.<String>getAs("run_id")).isEqualTo(run.provenance().runId());
    assertThat(baseline.<Double>getAs("val_score")).isBetween(0.0, 1.0);
    assertThat(run.baseline().val()).isEqualTo(baseline.<Double>getAs("val_score"));
    assertThat(baseline.<String, String>getJavaMap(baseline.fieldIndex("params")))
        .containsKey("reg_param");
  }

  private static GraphPredictor predictor() {
    return new GraphPredictor()
        .setModelPath(run.bestModel())
        .setEdgesPath(layout.graph("tiny", "clean", "edges"));
  }

  private static Dataset<Row> cleanNodes() {
    return spark.read().parquet(layout.graph("tiny", "clean", "nodes"));
  }

  /** Clean node ids of this graph are dense, so node id = snapshot index. */
  private static void assertSameAsTrainer(
      Dataset<Row> scored, float[][] expected, List<String> classes) {
    Map<Long, Row> byNode = new HashMap<>();
    scored
        .select("node_id", "prediction", "probability")
        .collectAsList()
        .forEach(r -> byNode.put(r.getLong(0), r));
    assertThat(byNode).hasSize(expected.length);
    for (int node = 0; node < expected.length; node++) {
      Row row = byNode.get((long) node);
      Vector probability = row.getAs(2);
      int best = 0;
      for (int c = 0; c < expected[node].length; c++) {
        assertThat(probability.apply(c)).isCloseTo(expected[node][c], within(1e-6));
        best = expected[node][c] > expected[node][best] ? c : best;
      }
      assertThat(row.getString(1)).isEqualTo(classes.get(best));
    }
    assertThat(Vectors.norm(byNode.get(0L).getAs(2), 1)).isCloseTo(1.0, within(1e-5));
  }
}
