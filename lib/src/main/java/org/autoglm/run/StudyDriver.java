package org.autoglm.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.SnapshotFormat;
import org.autoglm.search.Objective;
import org.autoglm.search.Study;
import org.autoglm.search.Trial;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.sampler.Sampler;

/**
 * Runs a study in waves: ask the study for {@code search.parallelism} trials, run them as the tasks
 * of one Spark job, tell the study how they ended, append them to the journal. Only specs and small
 * results cross between driver and executors.
 */
public final class StudyDriver {
  private StudyDriver() {}

  /**
   * Where the study's graph is, where its trials keep checkpoints and how trials should use the
   * machine.
   */
  public record Inputs(
      String snapshotDir,
      SnapshotFormat.Header snapshot,
      String checkpointDir,
      int threadsPerTrial) {}

  /** The study's trial runs, and the best complete trial's checkpoint (null if none completed). */
  public record Ended(List<TrialResult> results, String bestCheckpoint) {}

  /**
   * Runs the study to its end. {@code journaled} are the runs a crashed run already journaled
   * (empty for a new run): the study is told them first and asks only for what is left.
   */
  public static Ended run(
      SparkSession spark,
      ExperimentConfig config,
      Sampler sampler,
      Inputs inputs,
      TrialJournal journal,
      List<TrialResult> journaled,
      String runId,
      PrintStream console) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String objective = "val_" + config.train().defaults().metric();
    Study study =
        Study.builder(config.search().space())
            .sampler(sampler)
            .pruner(
                config.search().pruning().newPruner(config.train().epochs(), config.study().seed()))
            .objectives(Objective.maximize(objective))
            .seed(config.study().seed())
            .budget(config.search().trials())
            .build();
    LongAccumulator finished = jsc.sc().longAccumulator("trials finished");
    BestAccumulator best = new BestAccumulator();
    jsc.sc().register(best, "best " + objective);
    HadoopConf hadoop = new HadoopConf(jsc.hadoopConfiguration());
    TrialCheckpoints checkpoints = new TrialCheckpoints(hadoop, inputs.checkpointDir());
    TrialTask task =
        new TrialTask(
            hadoop,
            checkpoints,
            inputs.snapshotDir(),
            inputs.snapshot().fingerprint(),
            config.train(),
            inputs.threadsPerTrial(),
            finished,
            best);
    List<TrialResult> all =
        new ArrayList<>(
            JournalReplay.replay(study, config.search().parallelism(), journaled, runId));
    finished.add(all.size());
    all.stream().filter(TrialResult::hasValues).forEach(r -> best.add(r.scores().val()));
    ProgressListener progress =
        new ProgressListener(finished, all.size(), best, study.budget(), objective, console);
    spark.sparkContext().addSparkListener(progress);

    int wave = 0;
    try {
      while (!study.isDone()) {
        List<TrialSpec> specs = study.ask(config.search().parallelism());
        if (specs.isEmpty()) {
          break;
        }
        wave++;
        String description =
            "tune: wave "
                + wave
                + ", trials "
                + specs.get(0).trialId()
                + ".."
                + specs.get(specs.size() - 1).trialId();
        List<TrialResult> results =
            SparkJobs.labelled(
                spark,
                "tune",
                description,
                () -> jsc.parallelize(specs, specs.size()).map(task).collect());
        List<TrialResult> told = new ArrayList<>();
        for (TrialResult r : results) {
          told.add(JournalReplay.tell(study, r));
        }
        SparkJobs.labelled(
            spark,
            "journal",
            "journal: append wave " + wave,
            () -> {
              journal.append(told);
              return null;
            });
        all.addAll(told);
      }
      study.close();
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
    int bestTrial = study.best().map(Trial::trialId).orElse(-1);
    checkpoints.deleteAllBut(bestTrial);
    return new Ended(all, bestTrial < 0 ? null : checkpoints.path(bestTrial));
  }
}
