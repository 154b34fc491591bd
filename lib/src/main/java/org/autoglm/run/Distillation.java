package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.study.OutputLayout;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.Teacher;
import org.autoglm.train.TrainParams;
import org.autoglm.train.TrainRun;
import org.autoglm.train.TrainSettings;

/**
 * The study's model (the teacher: one run, its seeds' or the best configurations' soft vote)
 * distilled into a student that scores a node from its features alone ({@code search.distill};
 * GLNN, Zhang et al. 2022). One executor task loads the graph, scores every node with the teacher,
 * trains the student on those probabilities mixed with the labels ({@link Teacher}), and times both
 * models scoring every node: the {@code distilled} table's row puts their accuracy and cost side by
 * side. The student is saved beside the run's model and predicts row by row, with no graph.
 *
 * @param teacherRuns the teacher's trial runs
 * @param student the student's settings
 * @param teacher what the teacher's probabilities score
 * @param scores what the student's probabilities score
 * @param teacherSecondsPerMillion the teacher's time to score every node, per million nodes
 * @param studentSecondsPerMillion the student's, the same way on the same task
 * @param checkpoint where the student's weights are
 */
public record Distillation(
    List<Integer> teacherRuns,
    TrainSettings student,
    double alpha,
    double temperature,
    SoftVoting.Scores teacher,
    SoftVoting.Scores scores,
    int epochs,
    double trainSeconds,
    double teacherSecondsPerMillion,
    double studentSecondsPerMillion,
    String checkpoint)
    implements Serializable {
  public static final StructType SCHEMA =
      new StructType()
          .add("teacher_runs", createArrayType(IntegerType, false), false)
          .add("student", createMapType(StringType, StringType, false), false)
          .add("alpha", DoubleType, false)
          .add("temperature", DoubleType, false)
          .add("metric", StringType, false)
          .add("val_score", DoubleType, false)
          .add("test_score", DoubleType, false)
          .add("test_accuracy", DoubleType, false)
          .add("teacher_val_score", DoubleType, false)
          .add("teacher_test_score", DoubleType, false)
          .add("teacher_test_accuracy", DoubleType, false)
          .add("epochs", IntegerType, false)
          .add("train_seconds", DoubleType, false)
          .add("student_seconds_per_million", DoubleType, false)
          .add("teacher_seconds_per_million", DoubleType, false)
          .add("model_path", StringType, true)
          .add("data_fingerprint", StringType, false);

  /** The student's checkpoint's name in the run's checkpoint folder. */
  static final String CHECKPOINT = "student.ckpt";

  public Distillation {
    teacherRuns = List.copyOf(teacherRuns);
  }

  /**
   * Distils the teacher {@code runs} (their checkpoints in {@code checkpoints}, trained under
   * {@code settings}) on the snapshot in {@code snapshotDir}, as {@code distill} says.
   */
  public static Distillation run(
      SparkSession spark,
      HadoopConf conf,
      String snapshotDir,
      String fingerprint,
      TrialCheckpoints checkpoints,
      List<Integer> runs,
      List<TrainSettings> settings,
      ExperimentConfig.DistillConfig distill) {
    return SparkJobs.inOneTask(
        spark,
        "distill",
        "distill: trial runs "
            + runs
            + " into a student ("
            + distill.recipes().size()
            + (distill.recipes().size() == 1 ? " recipe)" : " recipes, the best on validation)"),
        new DistilTask(
            conf, snapshotDir, fingerprint, new RunModels(checkpoints, runs, settings), distill));
  }

  /** Writes the run's distillation as its row of the {@code distilled} table. */
  public static void write(
      SparkSession spark,
      OutputLayout layout,
      Provenance provenance,
      String fingerprint,
      Distillation distilled,
      String modelPath) {
    Row row =
        NamedRow.of(SCHEMA)
            .set("teacher_runs", distilled.teacherRuns)
            .set("student", TrainParams.describe(distilled.student))
            .set("alpha", distilled.alpha)
            .set("temperature", distilled.temperature)
            .set("metric", distilled.scores.metric())
            .set("val_score", distilled.scores.valScore())
            .set("test_score", distilled.scores.testScore())
            .set("test_accuracy", distilled.scores.testAccuracy())
            .set("teacher_val_score", distilled.teacher.valScore())
            .set("teacher_test_score", distilled.teacher.testScore())
            .set("teacher_test_accuracy", distilled.teacher.testAccuracy())
            .set("epochs", distilled.epochs)
            .set("train_seconds", distilled.trainSeconds)
            .set("student_seconds_per_million", distilled.studentSecondsPerMillion)
            .set("teacher_seconds_per_million", distilled.teacherSecondsPerMillion)
            .set("model_path", modelPath)
            .set("data_fingerprint", fingerprint)
            .build();
    ResultTables.replaceRun(spark, row, SCHEMA, layout.table(OutputLayout.DISTILLED), provenance);
  }

  /** One executor task: teacher's probabilities, the student trained on them, both timed. */
  private static final class DistilTask implements FlatMapFunction<Integer, Distillation> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String snapshotDir;
    private final String fingerprint;
    private final RunModels teacher;
    private final ExperimentConfig.DistillConfig distill;

    DistilTask(
        HadoopConf conf,
        String snapshotDir,
        String fingerprint,
        RunModels teacher,
        ExperimentConfig.DistillConfig distill) {
      this.conf = conf;
      this.snapshotDir = snapshotDir;
      this.fingerprint = fingerprint;
      this.teacher = teacher;
      this.distill = distill;
    }

    @Override
    public Iterator<Distillation> call(Integer ignored) {
      TaskContext task = TaskContext.get();
      int threads = task == null ? 1 : task.cpus();
      GraphSnapshot graph = SnapshotCache.get(conf, snapshotDir, fingerprint);
      String metric = teacher.metric();
      long start = System.nanoTime();
      float[][] byNode = SoftVoting.probabilities(graph, teacher.load(threads));
      double teacherSeconds = (System.nanoTime() - start) / 1e9;
      int classes = graph.numClasses();
      float[] flat = new float[graph.numNodes() * classes];
      for (int node = 0; node < byNode.length; node++) {
        System.arraycopy(byNode[node], 0, flat, node * classes, classes);
      }
      // Each recipe's student; the best on validation is kept (ties: the first given).
      TrainRun trained = null;
      ExperimentConfig.DistillConfig.Recipe kept = null;
      for (ExperimentConfig.DistillConfig.Recipe recipe : distill.recipes()) {
        TrainSettings student =
            recipe.student().toBuilder().set(TrainSettings::threads, threads).build();
        TrainRun candidate =
            NodeClassificationTrainer.distil(
                graph, student, new Teacher(flat, recipe.alpha(), recipe.temperature()));
        if (trained == null
            || candidate.outcome().best().valScore() > trained.outcome().best().valScore()) {
          trained = candidate;
          kept =
              new ExperimentConfig.DistillConfig.Recipe(
                  recipe.alpha(), recipe.temperature(), student);
        }
      }
      start = System.nanoTime();
      float[][] studentByNode =
          SoftVoting.probabilities(
              graph, List.of(new SoftVoting.Member(kept.student(), trained.checkpoint())));
      double studentSeconds = (System.nanoTime() - start) / 1e9;
      String saved = teacher.checkpoints().file(CHECKPOINT);
      save(saved, trained);
      double perMillion = 1e6 / Math.max(1, graph.numNodes());
      return List.of(
              new Distillation(
                  teacher.runs(),
                  kept.student(),
                  kept.alpha(),
                  kept.temperature(),
                  SoftVoting.score(graph, byNode, metric),
                  SoftVoting.score(graph, studentByNode, metric),
                  trained.outcome().epochsRun(),
                  trained.outcome().trainSeconds(),
                  teacherSeconds * perMillion,
                  studentSeconds * perMillion,
                  saved))
          .iterator();
    }

    private void save(String target, TrainRun trained) {
      Path file = new Path(target);
      try (OutputStream out = file.getFileSystem(conf.get()).create(file, true)) {
        out.write(trained.checkpoint().toBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the student's checkpoint " + target, e);
      }
    }
  }
}
