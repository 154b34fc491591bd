package org.autoglm.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.search.Objective;
import org.autoglm.search.Study;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.JournalReplay;
import org.autoglm.study.ProgressLine;
import org.autoglm.study.TrialResult;
import org.autoglm.study.TrialScheduler;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.TrainSettings;
import org.slf4j.MDC;

/**
 * Runs a study with up to {@code slots} trial runs in flight, each a Spark job of one task under
 * the trial resource profile: when one ends the study is told, the run journaled (from a thread of
 * its own) and the next run started. Only specs and small results cross between driver and
 * executors.
 */
public final class StudyDriver {
  private StudyDriver() {}

  /**
   * Where the study's graph is, where its trials keep checkpoints, how trials use the cluster, and
   * what to do with each batch of runs journaled ({@code afterJournal}, on the journal's thread).
   */
  public record Inputs(
      String snapshotDir,
      SnapshotFormat.Header snapshot,
      String checkpointDir,
      String pretrainedDir,
      TrialResources resources,
      WarmStart warmStart,
      Consumer<List<TrialResult>> afterJournal) {}

  /**
   * What the study left.
   *
   * @param best the chosen trial's last complete run, or null when no trial completed
   * @param bestSettings the settings it trained with (threads and device are the predictor's)
   * @param seeds the chosen configuration's runs soft-voted — with re-evaluation, the study's model
   *     unless {@code ensemble} beats it — or null (no re-evaluation, or one complete run)
   * @param ensemble the soft-voting ensemble of the best configurations, or null (off, or fewer
   *     than two complete runs)
   * @param checkpoints where the kept checkpoints are: the chosen trial's and the ensembles'
   */
  public record Ended(
      List<TrialResult> results,
      String bestCheckpoint,
      TrialResult best,
      TrainSettings bestSettings,
      Ensemble seeds,
      Ensemble ensemble,
      TrialCheckpoints checkpoints) {}

  /**
   * Runs the study to its end. {@code journaled} are the runs a crashed run already journaled
   * (empty for a new run): the study is told them first and runs only what is left.
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
    String objective = "val_" + config.train().defaults().metric();
    Study study =
        Study.builder(config.search().space())
            .sampler(sampler)
            .pruner(config.search().pruning().newPruner(config.fullEpochs(), config.study().seed()))
            .objectives(objectives(config, objective))
            .seed(config.study().seed())
            .budget(config.search().trials())
            .reevaluate(
                config.search().reevaluate().top(),
                config.search().reevaluate().top() == 0 ? 0 : config.search().reevaluate().seeds())
            .warmStart(inputs.warmStart().first(), inputs.warmStart().priors())
            .initial(config.search().initial())
            .build();
    TrialResources resources = inputs.resources();
    TrialScheduler scheduler =
        new TrialScheduler(study, resources.slots(), config.search().waves());
    List<TrialResult> all = new ArrayList<>(JournalReplay.replay(scheduler, journaled, runId));
    if (!all.isEmpty()) {
      inputs.afterJournal().accept(all); // a resumed run's page starts with what it had
    }
    console.printf(
        "[autoglm] tune: %s, %s%n",
        resources.description(),
        config.search().waves() ? "in waves" : "each started as soon as a slot frees");
    if (spark.sparkContext().getConf().getBoolean("spark.speculation", false)) {
      console.println(
          "[autoglm] warning: spark.speculation is on: Spark may train a trial twice at once (it"
              + " is journaled once); turn it off for tuning");
    }

    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    TrialCheckpoints checkpoints = new TrialCheckpoints(hadoop, inputs.checkpointDir());
    TrialTask task =
        new TrialTask(
            hadoop,
            checkpoints,
            inputs.snapshotDir(),
            inputs.snapshot().fingerprint(),
            config.train(),
            resources.threads(),
            config.output().trialEpochs(),
            new PretrainedEncoders(hadoop, inputs.pretrainedDir()));
    Progress progress = new Progress(all, study.budget(), objective, console);
    try (TrialLauncher launcher =
            new TrialLauncher(spark.sparkContext(), task, resources.profile(), resources.slots());
        JournalWriter writer =
            new JournalWriter(
                spark,
                journal,
                batch -> {
                  // Counted once durable: a trial the console counted survives a kill.
                  batch.forEach(progress::told);
                  inputs.afterJournal().accept(batch);
                })) {
      // A fresh run's first runs; after a crash, the runs it had started but not journaled.
      scheduler.inFlight().forEach(launcher::launch);
      while (!scheduler.isIdle()) {
        TrialLauncher.Finished finished = launcher.next();
        TrialResult told = scheduler.complete(finished.result(), finished.dispatchSeconds());
        logTold(told);
        writer.add(told);
        all.add(told);
        scheduler.launch().forEach(launcher::launch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trials ran", e);
    }
    study.close();
    SparkJobs.labelled(
        spark,
        "journal",
        "journal: compact run " + runId,
        () -> {
          journal.compact();
          return null;
        });
    return new ModelChoice(spark, hadoop, config, inputs, study, all, checkpoints).choose(console);
  }

  @SuppressWarnings("try") // the tag is removed on close; nothing reads it
  private static void logTold(TrialResult told) {
    try (MDC.MDCCloseable tag = MDC.putCloseable(RunLog.TRIAL, String.valueOf(told.trialId()))) {
      RunLog.LOG.info(
          "trial {} told ({} of the run): {}{}",
          told.trialId(),
          told.sequence(),
          told.status(),
          told.hasValues() ? ", val " + told.scores().val() : "");
    }
  }

  /** The objective on validation, and training time when the study minimises it too. */
  static Objective[] objectives(ExperimentConfig config, String objective) {
    return config.search().minimizeTrainSeconds()
        ? new Objective[] {Objective.maximize(objective), Objective.minimize("train_seconds")}
        : new Objective[] {Objective.maximize(objective)};
  }

  /**
   * The console's view of what is journaled: trials done (a promotion continues one), best so far,
   * ETA. Told on the journal's thread.
   */
  private static final class Progress {
    private final Set<Integer> done = new HashSet<>();
    private final int resumed;
    private final long total;
    private final String objective;
    private final PrintStream console;
    private final Instant started = Instant.now();
    private double best = Double.NaN;
    private boolean saidSampled;

    Progress(List<TrialResult> journaled, long total, String objective, PrintStream console) {
      journaled.forEach(this::count);
      this.resumed = done.size();
      this.total = total;
      this.objective = objective;
      this.console = console;
    }

    void told(TrialResult run) {
      count(run);
      String batching = run.placement().batching();
      if (!saidSampled && ("neighbors".equals(batching) || "subgraph".equals(batching))) {
        saidSampled = true;
        console.println(
            "[autoglm] trial "
                + run.trialId()
                + " trained on sampled "
                + ("neighbors".equals(batching) ? "neighbourhoods" : "random-walk subgraphs")
                + " (train.batching): the full-batch footprint is over"
                + " train.memory_budget_mb, or sampling was asked for; the trials table's"
                + " batching column says how each trial trained");
      }
      console.println(
          ProgressLine.format(
              done.size(),
              resumed,
              total,
              objective,
              best,
              Duration.between(started, Instant.now())));
    }

    private void count(TrialResult run) {
      done.add(run.trialId());
      if (run.hasValues() && run.status() != TrialState.FAILED) {
        best = Double.isNaN(best) ? run.scores().val() : Math.max(best, run.scores().val());
      }
    }
  }
}
