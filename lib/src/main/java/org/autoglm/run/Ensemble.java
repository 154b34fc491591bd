package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.autoglm.study.OutputLayout;
import org.autoglm.train.BatchPlan;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.TrainSettings;

/**
 * A study's soft-voting ensemble ({@code search.ensemble}): the complete runs of its best
 * configurations, their class probabilities averaged, scored on an executor in one task (the graph
 * and the checkpoints are already on the shared filesystem; members that trained sampled score on
 * that executor's local store, as their trials did), written to the {@code ensembles} table beside
 * the trials.
 *
 * @param runs the member runs' trial ids, best configuration first
 * @param configurations how many distinct configurations the runs train
 * @param settings each member's training settings
 * @param scores what the mean probabilities score
 * @param chosen whether it is the study's model: the chosen configuration's seeds, unless the best
 *     configurations' ensemble beats them on validation
 * @param seconds the evaluation's wall time
 */
public record Ensemble(
    List<Integer> runs,
    int configurations,
    List<TrainSettings> settings,
    SoftVoting.Scores scores,
    boolean chosen,
    double seconds) {
  public static final StructType SCHEMA =
      new StructType()
          .add("members", createArrayType(IntegerType, false), false)
          .add("configurations", IntegerType, false)
          .add("metric", StringType, false)
          .add("val_score", DoubleType, false)
          .add("val_accuracy", DoubleType, false)
          .add("test_score", DoubleType, false)
          .add("test_accuracy", DoubleType, false)
          .add("test_macro_f1", DoubleType, false)
          .add("chosen", BooleanType, false)
          .add("seconds", DoubleType, false)
          .add("data_fingerprint", StringType, false);

  public Ensemble {
    runs = List.copyOf(runs);
    settings = List.copyOf(settings);
  }

  /** The same ensemble, no longer the study's model (another beat it on validation). */
  public Ensemble notChosen() {
    return new Ensemble(runs, configurations, settings, scores, false, seconds);
  }

  /**
   * Scores the ensemble of {@code runs} (their checkpoints in {@code checkpoints}) on the snapshot
   * in {@code snapshotDir}; chosen when its validation score beats {@code singleScore}.
   */
  static Ensemble evaluate(
      SparkSession spark,
      HadoopConf conf,
      String snapshotDir,
      String fingerprint,
      TrialCheckpoints checkpoints,
      List<Integer> runs,
      int configurations,
      List<TrainSettings> settings,
      double singleScore) {
    long start = System.nanoTime();
    SoftVoting.Scores scores =
        SparkJobs.inOneTask(
            spark,
            "ensemble",
            "ensemble: soft vote of trial runs " + runs,
            new ScoreTask(
                conf, snapshotDir, fingerprint, new RunModels(checkpoints, runs, settings)));
    return new Ensemble(
        runs,
        configurations,
        settings,
        scores,
        scores.valScore() > singleScore,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * Writes the run's ensembles as its rows of the {@code ensembles} table, in one commit replacing
   * what an earlier attempt of the run wrote; nothing when there are none.
   */
  public static void write(
      SparkSession spark,
      OutputLayout layout,
      Provenance provenance,
      String fingerprint,
      List<Ensemble> ensembles) {
    if (ensembles.isEmpty()) {
      return;
    }
    List<Row> rows = ensembles.stream().map(e -> e.row(fingerprint)).toList();
    ResultTables.replaceRun(
        provenance.stamp(spark.createDataFrame(rows, SCHEMA)).coalesce(1),
        layout.table(OutputLayout.ENSEMBLES),
        provenance,
        java.util.Map.of());
  }

  private Row row(String fingerprint) {
    return NamedRow.of(SCHEMA)
        .set("members", runs)
        .set("configurations", configurations)
        .set("metric", scores.metric())
        .set("val_score", scores.valScore())
        .set("val_accuracy", scores.valAccuracy())
        .set("test_score", scores.testScore())
        .set("test_accuracy", scores.testAccuracy())
        .set("test_macro_f1", scores.testMacroF1())
        .set("chosen", chosen)
        .set("seconds", seconds)
        .set("data_fingerprint", fingerprint)
        .build();
  }

  /** One executor task: load the graph and every member's best weights, vote, score. */
  private static final class ScoreTask implements FlatMapFunction<Integer, SoftVoting.Scores> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String snapshotDir;
    private final String fingerprint;
    private final RunModels models;

    ScoreTask(HadoopConf conf, String snapshotDir, String fingerprint, RunModels models) {
      this.conf = conf;
      this.snapshotDir = snapshotDir;
      this.fingerprint = fingerprint;
      this.models = models;
    }

    @Override
    public Iterator<SoftVoting.Scores> call(Integer ignored) {
      SnapshotFormat.Header header = SnapshotCache.header(conf, snapshotDir, fingerprint);
      TaskContext task = TaskContext.get();
      int threads = task == null ? 1 : task.cpus();
      List<SoftVoting.Member> members = models.load(threads);
      // Members that sampled score on the executor's local store, as their trials did; the
      // graph is loaded whole only for members that trained full-batch.
      return List.of(
              SoftVoting.score(
                  BatchPlan.GraphSize.of(header),
                  once(() -> SnapshotCache.get(conf, snapshotDir, fingerprint)),
                  once(() -> SnapshotCache.store(conf, snapshotDir, header)),
                  members,
                  models.metric()))
          .iterator();
    }

    private static <T> Supplier<T> once(Supplier<T> open) {
      Object[] held = new Object[1];
      return () -> {
        if (held[0] == null) {
          held[0] = open.get();
        }
        @SuppressWarnings("unchecked")
        T value = (T) held[0];
        return value;
      };
    }
  }
}
