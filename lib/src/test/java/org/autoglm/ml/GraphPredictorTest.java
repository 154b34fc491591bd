package org.autoglm.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.autoglm.graph.InputException;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.StudyReport;
import org.autoglm.results.Leaderboard;
import org.autoglm.results.Reports;
import org.autoglm.run.Distillation;
import org.autoglm.run.Ensemble;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.RunLedger;
import org.autoglm.run.SnapshotCache;
import org.autoglm.run.TrialCheckpoints;
import org.autoglm.study.OutputLayout;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.SoftVoting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study's saved model used from Spark ML: the transformer's predictions are the trainer's own,
 * node for node, alone and as a saved and reloaded stage of an MLlib pipeline.
 */
@Tag("slow")
class GraphPredictorTest extends SparkTestBase {
  private static final String STUDY =
      TestConfigs.tinyGraph(3)
          + """
      study: {name: tiny, seed: 3}
      features: {pipeline: [normalize: 1]}
      search:
        trials: 3
        parallelism: 2
        ensemble: 2
        distill: true
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
      train: {epochs: 30, patience: 30, baseline: true}
      distill: {student: {epochs: 60, patience: 60, hidden: [1, 64]}}
      """;

  @TempDir static Path output;
  private static RunAction.Result run;
  private static ExperimentConfig config;
  private static OutputLayout layout;

  @BeforeAll
  static void study() {
    config = TestConfigs.load(output, STUDY);
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
            graph, bundle.settings(), bundle.trained(conf).get(0).checkpoint());

    Dataset<Row> scored = predictor(run.bestModel()).transform(cleanNodes());

    assertSameAsTrainer(scored, expected, bundle.classes());
    assertThat(scored.columns()).contains("node_key", "label", "prediction", "probability");
  }

  @Test
  void savedAndLoadedAsAStageOfAnMllibPipelineItPredictsTheSame() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ModelBundle bundle = ModelBundle.load(conf, run.bestModel());
    Dataset<Row> nodes = cleanNodes();
    PipelineModel fitted =
        new Pipeline().setStages(new PipelineStage[] {predictor(run.bestModel())}).fit(nodes);
    String saved = output.resolve("pipeline").toString();
    fitted.write().overwrite().save(saved);

    Dataset<Row> scored = PipelineModel.load(saved).transform(nodes);

    GraphSnapshot graph =
        SnapshotCache.get(
            new HadoopConf(conf), layout.snapshot("tiny"), run.snapshot().fingerprint());
    assertSameAsTrainer(
        scored,
        NodeClassificationTrainer.classProbabilities(
            graph, bundle.settings(), bundle.trained(conf).get(0).checkpoint()),
        bundle.classes());
    assertThat(GraphPredictor.load(saved + "/stages/0_" + fitted.stages()[0].uid()).uid())
        .isEqualTo(fitted.stages()[0].uid());
  }

  @Test
  void nodesOfAnotherWidthOrAMissingModelAreRefusedWithWhatToDo() {
    Dataset<Row> narrow =
        cleanNodes().withColumn("features", org.apache.spark.sql.functions.lit(null));
    assertThatThrownBy(() -> predictor(run.bestModel()).transform(cleanNodes().drop("features")))
        .hasMessageStartingWith("GraphPredictor needs column 'features'");
    assertThatThrownBy(() -> predictor(output.resolve("nothing").toString()).transform(narrow))
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

  @Test
  void theEnsembleOfTheBestRunsIsScoredWrittenAndPredictsTheMeanOfItsMembers() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Ensemble ensemble = run.ensemble();
    assertThat(ensemble.runs()).hasSize(2);
    Row row = spark.read().format("delta").load(layout.table(OutputLayout.ENSEMBLES)).first();
    assertThat(row.<Double>getAs("val_score")).isEqualTo(ensemble.scores().valScore());
    assertThat(row.getList(row.fieldIndex("members"))).isEqualTo(ensemble.runs());
    assertThat(row.<Boolean>getAs("chosen")).isEqualTo(ensemble.chosen());
    assertThat(ModelBundle.load(conf, run.bestModel()).isEnsemble()).isEqualTo(ensemble.chosen());

    // Saved as one model from the run's kept checkpoints, it predicts the members' mean.
    TrialCheckpoints checkpoints =
        new TrialCheckpoints(
            new HadoopConf(conf), layout.checkpoints("tiny", run.provenance().runId()));
    List<ModelBundle.Trained> members = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      members.add(
          new ModelBundle.Trained(
              checkpoints.path(ensemble.runs().get(i)), ensemble.settings().get(i)));
    }
    String dir = output.resolve("ensemble-model").toString();
    ModelBundle bundle =
        ModelBundle.save(
            conf,
            dir,
            members,
            run.snapshot().classNames(),
            run.snapshot().numFeatures(),
            ModelBundle.load(conf, run.bestModel()).featureModel(),
            Map.of("study", "tiny"));
    ModelBundle loaded = ModelBundle.load(conf, dir);
    assertThat(loaded.members()).isEqualTo(bundle.members()).hasSize(2);
    GraphSnapshot graph =
        SnapshotCache.get(
            new HadoopConf(conf), layout.snapshot("tiny"), run.snapshot().fingerprint());
    float[][] mean = new float[graph.numNodes()][];
    for (SoftVoting.Member member : loaded.trained(conf)) {
      float[][] p =
          NodeClassificationTrainer.classProbabilities(
              graph, member.settings(), member.checkpoint());
      for (int node = 0; node < p.length; node++) {
        if (mean[node] == null) {
          mean[node] = new float[p[node].length];
        }
        for (int c = 0; c < p[node].length; c++) {
          mean[node][c] += p[node][c] / 2;
        }
      }
    }
    assertSameAsTrainer(predictor(dir).transform(cleanNodes()), mean, loaded.classes());
    assertThat(SoftVoting.score(graph, mean, "accuracy").valScore())
        .isCloseTo(ensemble.scores().valScore(), within(1e-9));
  }

  @Test
  void theDistilledStudentIsARowOfItsOwnAndPredictsRowByRowWithNoGraph() {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Distillation distilled = run.distilled();
    ModelBundle teacher = ModelBundle.load(conf, run.bestModel());
    assertThat(distilled.teacherRuns())
        .isEqualTo(teacher.isEnsemble() ? run.ensemble().runs() : List.of(run.chosenTrial()));
    Row row = spark.read().format("delta").load(layout.table(OutputLayout.DISTILLED)).first();
    assertThat(row.<String>getAs("run_id")).isEqualTo(run.provenance().runId());
    assertThat(row.<Double>getAs("test_accuracy")).isEqualTo(distilled.scores().testAccuracy());
    assertThat(row.<Double>getAs("teacher_val_score")).isEqualTo(distilled.teacher().valScore());
    assertThat(row.<Double>getAs("student_seconds_per_million")).isPositive();
    // Two recipes: a student one unit wide cannot tell the classes apart, so validation keeps the
    // 64-wide one.
    assertThat(row.<String, String>getJavaMap(row.fieldIndex("student")))
        .containsEntry("model", "mlp")
        .containsEntry("hidden", "64");
    assertThat(distilled.student().hidden()).isEqualTo(64);
    // The teacher it learnt from is the saved model: its probabilities score what the row says.
    GraphSnapshot graph =
        SnapshotCache.get(
            new HadoopConf(conf), layout.snapshot("tiny"), run.snapshot().fingerprint());
    assertThat(
            SoftVoting.score(
                    graph, SoftVoting.probabilities(graph, teacher.trained(conf)), "accuracy")
                .testAccuracy())
        .isCloseTo(row.<Double>getAs("teacher_test_accuracy"), within(1e-9));

    // Saved beside the teacher, it scores the nodes alone, no edges given, as it does in the graph.
    String studentDir = row.getAs("model_path");
    assertThat(studentDir).isEqualTo(run.bestModel() + "/" + ModelBundle.STUDENT);
    ModelBundle student = ModelBundle.load(conf, studentDir);
    assertThat(student.featureModel()).endsWith("/feature_model");
    float[][] inTheGraph = SoftVoting.probabilities(graph, student.trained(conf));
    assertThat(SoftVoting.score(graph, inTheGraph, "accuracy").testAccuracy())
        .isCloseTo(distilled.scores().testAccuracy(), within(1e-9));
    Dataset<Row> nodes = cleanNodes();
    Dataset<Row> scored = new GraphPredictor().setModelPath(studentDir).transform(nodes);
    assertThat(scored.columns())
        .containsExactly(
            java.util.stream.Stream.concat(
                    java.util.Arrays.stream(nodes.columns()),
                    java.util.stream.Stream.of("prediction", "probability"))
                .toArray(String[]::new));
    assertSameAsTrainer(scored, inTheGraph, student.classes());
    assertThat(scored.queryExecution().executedPlan().toString()).doesNotContain("Exchange");

    // A node the graph never had scores as a known node with the same features.
    Dataset<Row> newcomer =
        cleanNodes()
            .filter("node_id = 7")
            .withColumn("node_id", org.apache.spark.sql.functions.lit(1_000_000L));
    Row scoredNewcomer = new GraphPredictor().setModelPath(studentDir).transform(newcomer).first();
    Vector probability = scoredNewcomer.getAs("probability");
    for (int c = 0; c < inTheGraph[7].length; c++) {
      assertThat(probability.apply(c)).isCloseTo(inTheGraph[7][c], within(1e-6));
    }
    // The report and compare put the teacher, the student and the graph-free baseline side by side.
    RunLedger ledger = new RunLedger(spark, layout, Duration.ofMinutes(1));
    Leaderboard.registerViews(spark, layout, ledger);
    Row side =
        Leaderboard.teacherStudentBaseline(spark, List.of("tiny/" + run.provenance().runId()))
            .get(0);
    assertThat(side.<Double>getAs("student")).isEqualTo(distilled.scores().testAccuracy());
    assertThat(side.<Double>getAs("teacher_test_accuracy"))
        .isEqualTo(distilled.teacher().testAccuracy());
    assertThat(side.<Double>getAs("baseline")).isEqualTo(run.baseline().test());
    StudyReport report =
        Reports.read(spark, ledger, "tiny", run.provenance().runId(), config.search());
    assertThat(report.sideBySide())
        .extracting(StudyReport.ModelCost::model)
        .containsExactly("teacher", "student", "baseline");
    assertThat(report.sideBySide().get(1).secondsPerMillion())
        .isEqualTo(distilled.studentSecondsPerMillion());
    assertThat(ReportHtml.render(report, 0))
        .contains("Teacher, distilled student and graph-free baseline");

    // A model that does read the graph still needs its edges, and says so.
    assertThatThrownBy(() -> new GraphPredictor().setModelPath(run.bestModel()).transform(nodes))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("give it the graph's edges");
  }

  private static GraphPredictor predictor(String model) {
    return new GraphPredictor()
        .setModelPath(model)
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
