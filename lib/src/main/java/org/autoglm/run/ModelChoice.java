package org.autoglm.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.search.Study;
import org.autoglm.search.trial.Trial;
import org.autoglm.study.TrialResult;
import org.autoglm.study.TrialSettings;
import org.autoglm.train.TrainSettings;

/**
 * The step after the search that chooses the study's model, owned here alone: the best trial (by
 * the objective; with re-evaluation, by its configuration's mean over seeds), its seeds' runs
 * soft-voted, and the ensemble of the best configurations when it beats that single pick on
 * validation. Keeps their checkpoints and deletes the others'.
 */
final class ModelChoice {
  private final SparkSession spark;
  private final HadoopConf hadoop;
  private final ExperimentConfig config;
  private final StudyDriver.Inputs inputs;
  private final Study study;
  private final List<TrialResult> all;
  private final TrialCheckpoints checkpoints;

  /** The choice among {@code study}'s ended runs {@code all}, whose checkpoints are there. */
  ModelChoice(
      SparkSession spark,
      HadoopConf hadoop,
      ExperimentConfig config,
      StudyDriver.Inputs inputs,
      Study study,
      List<TrialResult> all,
      TrialCheckpoints checkpoints) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.config = config;
    this.inputs = inputs;
    this.study = study;
    this.all = all;
    this.checkpoints = checkpoints;
  }

  /** Chooses, printing each candidate's scores. */
  StudyDriver.Ended choose(PrintStream console) {
    Trial bestTrial = study.best().orElse(null);
    if (bestTrial == null) {
      checkpoints.deleteAllBut(Set.of());
      return new StudyDriver.Ended(all, null, null, null, null, null, checkpoints);
    }
    TrialResult best = TrialResult.lastComplete(all, bestTrial.trialId()).orElseThrow();
    // With re-evaluation the chosen configuration has several seeds' runs: their soft vote is the
    // study's model, a lower-variance one than any single run of the same configuration.
    List<Integer> seedRuns = study.reevaluations().isEmpty() ? List.of() : study.ensembleRuns(1);
    Ensemble seeds = null;
    if (seedRuns.size() >= 2) {
      seeds = ensemble(seedRuns, null);
      console.printf(
          "[autoglm] trial %d's configuration, %d seeds soft-voted: val %.2f%%, test %.2f%%%n",
          bestTrial.trialId(),
          seedRuns.size(),
          100 * seeds.scores().valScore(),
          100 * seeds.scores().testAccuracy());
    }
    Ensemble ensemble = null;
    List<Integer> ensembleRuns =
        config.search().ensemble() == 0
            ? List.of()
            : study.ensembleRuns(config.search().ensemble());
    if (ensembleRuns.size() >= 2) {
      double single = seeds != null ? seeds.scores().valScore() : bestTrial.value();
      ensemble = ensemble(ensembleRuns, single);
      if (ensemble.chosen() && seeds != null) {
        seeds = seeds.notChosen();
      }
      console.printf(
          "[autoglm] ensemble of %d runs (%d configurations): val %.2f%%, test %.2f%%%s%n",
          ensembleRuns.size(),
          ensemble.configurations(),
          100 * ensemble.scores().valScore(),
          100 * ensemble.scores().testAccuracy(),
          ensemble.chosen() ? ", above the single pick: it is the study's model" : "");
    }
    Set<Integer> kept = new HashSet<>(ensemble == null ? List.of() : ensemble.runs());
    kept.addAll(seedRuns);
    kept.add(bestTrial.trialId());
    checkpoints.deleteAllBut(kept);
    return new StudyDriver.Ended(
        all,
        checkpoints.path(bestTrial.trialId()),
        best,
        predictorSettings(bestTrial.trialId()),
        seeds,
        ensemble,
        checkpoints);
  }

  /**
   * The settings run {@code trialId} trained with, for scoring on the driver's side: one thread,
   * the CPU (the task that predicts sets its own).
   */
  private TrainSettings predictorSettings(int trialId) {
    TrialResult run = TrialResult.lastComplete(all, trialId).orElseThrow();
    return TrialSettings.resolve(
        config.train(), study.trial(trialId).params(), run.seed(), 1, "cpu");
  }

  /**
   * Scores the soft vote of {@code runs}; chosen when its validation score beats {@code single}
   * (null: chosen).
   */
  private Ensemble ensemble(List<Integer> runs, Double single) {
    List<TrainSettings> settings = new ArrayList<>();
    for (int run : runs) {
      settings.add(predictorSettings(run));
    }
    return Ensemble.evaluate(
        spark,
        hadoop,
        inputs.snapshotDir(),
        inputs.snapshot().fingerprint(),
        checkpoints,
        runs,
        (int) runs.stream().map(r -> study.trial(r).params()).distinct().count(),
        settings,
        single == null ? Double.NEGATIVE_INFINITY : single);
  }
}
