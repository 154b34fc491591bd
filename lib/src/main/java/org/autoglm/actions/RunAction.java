package org.autoglm.actions;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.results.Leaderboard;
import org.autoglm.results.LiveReport;
import org.autoglm.run.Baseline;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Distillation;
import org.autoglm.run.Ensemble;
import org.autoglm.run.GraphLease;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.Provenance;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLedger;
import org.autoglm.run.RunLog;
import org.autoglm.run.SnapshotWriter;
import org.autoglm.run.SparkJobs;
import org.autoglm.run.StudyDriver;
import org.autoglm.run.TrialCheckpoints;
import org.autoglm.run.TrialJournal;
import org.autoglm.run.TrialResources;
import org.autoglm.run.WarmStart;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.trial.Direction;
import org.autoglm.study.ExitCodes;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.Phases;
import org.autoglm.study.RunStatus;
import org.autoglm.study.TrialResult;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.TrainSettings;

/** The end-to-end run: collect, clean, snapshot, tune, then the leaderboard read back via SQL. */
public final class RunAction {
  private final SparkSession spark;
  private final ExperimentConfig config;
  private final LocalDate runDate;
  private final PrintStream console;
  private Sampler sampler;
  private String resumeRunId;

  public RunAction(
      SparkSession spark, ExperimentConfig config, LocalDate runDate, PrintStream console) {
    this.spark = spark;
    this.config = config;
    this.runDate = runDate;
    this.console = console;
  }

  /** Replaces the configured sampler (a library user's own, or a test's). */
  public RunAction withSampler(Sampler custom) {
    this.sampler = custom;
    return this;
  }

  /**
   * Continues run {@code runId} (or the study's latest, {@link #LATEST}, if it did not complete)
   * from its journal instead of starting a new one: after a crash, the trials it journaled are not
   * run again.
   */
  public RunAction resuming(String runId) {
    this.resumeRunId = runId;
    return this;
  }

  /** What a run produced and where. */
  public record Result(
      Provenance provenance,
      OutputLayout layout,
      DataPipeline.Prepared data, // null when resumed after the data stages: they ran before
      SnapshotFormat.Header snapshot,
      Baseline.Result baseline, // null when turned off, or it could not be fitted
      List<TrialResult> trials,
      String bestCheckpoint,
      String bestModel, // the saved model (ModelBundle) of the chosen trial; null: none completed
      List<Row> top,
      List<Row> reevaluated, // empty unless search.reevaluate is on
      int chosenTrial, // the study's single pick; -1 when no trial completed
      Ensemble seeds, // the pick's seeds soft-voted (with re-evaluation); chosen() when the model
      Ensemble ensemble, // null unless search.ensemble is on; chosen() when it is the model
      Distillation distilled, // null unless search.distill is on and a trial completed
      Row summary,
      List<Phases.Phase> phases) { // where the run's time went, in order

    Result withPhases(List<Phases.Phase> timed) {
      return new Result(
          provenance,
          layout,
          data,
          snapshot,
          baseline,
          trials,
          bestCheckpoint,
          bestModel,
          top,
          reevaluated,
          chosenTrial,
          seeds,
          ensemble,
          distilled,
          summary,
          timed);
    }
  }

  /** The phase the trials run in: {@link Phases#line}'s share. */
  public static final String TRIALS_PHASE = "trials";

  /** {@code --resume}'s word for the study's latest unfinished run. */
  public static final String LATEST = "latest";

  /**
   * Runs the study, keeping its row in the runs table current: RUNNING with a heartbeat, then
   * COMPLETED, or FAILED with the exit code and reason, as its last commit. A completed run
   * replaces the study's runs of the same run date that ended before it.
   */
  public Result execute() {
    Phases phases = new Phases();
    ResultTables.requireDelta(spark);
    OutputLayout layout = new OutputLayout(config.output().path());
    String study = config.study().name();
    RunLedger ledger =
        new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds()));
    RunLedger.Run resumed =
        resumeRunId == null ? null : ResumeCheck.run(ledger, study, resumeRunId, config);
    // Everything a resume may be refused for is checked before the run's row changes.
    SnapshotFormat.Header resumedGraph =
        resumed == null || resumed.dataFingerprint() == null
            ? null
            : ResumeCheck.snapshot(
                new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                resumed,
                layout.snapshot(study));
    Provenance provenance =
        resumed == null
            ? Provenance.newRun(config, runDate)
            : Provenance.resumed(config, resumed.runId(), resumed.runDate());
    Instant now = Instant.now();
    RunLedger.Run running =
        RunLedger.Run.running(
            provenance,
            study,
            resumed == null ? now : resumed.startedAt(),
            resumed == null ? null : resumed.dataFingerprint());
    ledger.put(running);
    RunLog.enterRun(spark.sparkContext(), study, provenance.runId());
    RunLog.RUNS.info(
        "run {} of study {} started (config {}, code {}{})",
        provenance.runId(),
        study,
        provenance.configHash(),
        provenance.codeVersion(),
        resumed == null ? "" : ", resumed");
    Heartbeat heartbeat = new Heartbeat(ledger, running);
    LiveReport report =
        new LiveReport(
            spark,
            layout,
            ledger,
            study,
            provenance.runId(),
            config.search(),
            config.output().reportSeconds(),
            console);
    try {
      phases.since("run ledger");
      Result result =
          executeRun(layout, ledger, provenance, resumed, resumedGraph, heartbeat, report, phases);
      long complete = result.summary().getAs("complete");
      RunLedger.Run ended =
          heartbeat
              .current()
              .ended(
                  complete > 0 ? RunStatus.COMPLETED : RunStatus.FAILED,
                  complete > 0 ? ExitCodes.OK : ExitCodes.NO_TRIAL_COMPLETED,
                  complete > 0 ? null : "no trial completed: every trial failed (see their errors)",
                  result.summary());
      if (complete > 0) {
        replaceEarlierRuns(ledger, layout, ended);
      }
      report.finish(ended);
      // The run's last commit: killed before it, the run is resumed and ends the same way.
      ledger.put(ended);
      heartbeat.stop();
      if (complete > 0) {
        // A run of the night that ended while this one was finishing is replaced too.
        replaceEarlierRuns(ledger, layout, ended);
      }
      RunLog.RUNS.info(
          "run {} {}: {} trial(s) complete, best {}",
          ended.runId(),
          ended.status(),
          complete,
          ended.bestValue());
      phases.since("report and ledger");
      return result.withPhases(phases.list());
    } catch (RuntimeException e) {
      RunLedger.Run failed =
          heartbeat.current().ended(RunStatus.FAILED, ExitCodes.of(e), describe(e), null);
      report.finish(failed);
      ledger.put(failed);
      heartbeat.stop();
      // The job prints the failure to the user; this line is for the structured log.
      RunLog.RUNS.error(
          "run {} FAILED (exit code {}): {}", provenance.runId(), ExitCodes.of(e), describe(e));
      throw e;
    }
  }

  @SuppressWarnings("try") // the graph lease is held for the data stages; nothing calls it
  private Result executeRun(
      OutputLayout layout,
      RunLedger ledger,
      Provenance provenance,
      RunLedger.Run resumed,
      SnapshotFormat.Header resumedGraph,
      Heartbeat heartbeat,
      LiveReport report,
      Phases phases) {
    String study = config.study().name();
    console.println(
        "[autoglm] study "
            + study
            + ", run "
            + provenance.runId()
            + ", code "
            + provenance.codeVersion()
            + ", config "
            + provenance.configHash());
    console.println(
        "[autoglm] report: "
            + report.path()
            + (config.output().reportSeconds() > 0
                ? " (rewritten as trials finish; open it in a browser)"
                : " (written when the run ends)"));

    String snapshotDir = layout.snapshot(study);
    DataPipeline.Prepared data = null;
    Baseline.Result baseline = null;
    SnapshotFormat.Header snapshot;
    TrialJournal.Recorded journal = new TrialJournal.Recorded(0, List.of());
    if (resumedGraph == null) {
      // A new run; or a resumed one that stopped before its graph was ready prepares it again.
      try (GraphLease lease =
          GraphLease.acquire(
              spark,
              layout,
              study,
              provenance.runId(),
              Duration.ofSeconds(config.output().heartbeatSeconds()),
              console)) {
        data = DataPipeline.run(spark, config, layout, provenance);
        if (data.kept().isEmpty()) {
          ConsoleLines.collected(data.collected().batch(), config, console);
        } else {
          console.printf(
              "[autoglm] resumed: %s completed before the run stopped, not repeated%n",
              String.join(" and ", data.kept()));
        }
        ConsoleLines.quality(data.quality(), console);
        if (config.augment().views() > 0) {
          ConsoleLines.views(DataPipeline.augment(spark, config, layout), console);
        }
        DataPipeline.CleanReport clean = data.cleaned();
        snapshot = SnapshotWriter.write(spark, clean.modelNodes(), clean.cleanEdges(), snapshotDir);
        TrainableGraph.check(spark, snapshot, clean, data.quality(), console);
      }
    } else {
      // The data stages ran, and their books were written, in the run's first attempt.
      snapshot = resumedGraph;
      journal = TrialJournal.readRun(spark, layout, provenance);
      console.printf(
          "[autoglm] resuming run %s of %s: %d trial runs journaled, not run again%n",
          resumed.runId(), resumed.runDate(), journal.runs().size());
    }
    phases.since("data");
    heartbeat.trainsOn(snapshot.fingerprint());
    console.printf(
        "[autoglm] graph %s: %,d nodes, %,d edges, %,d features, %d classes%n",
        snapshot.fingerprint(),
        snapshot.numNodes(),
        snapshot.numEdges(),
        snapshot.numFeatures(),
        snapshot.classNames().size());
    if (config.train().baseline()) {
      // A resumed run keeps the baseline its first attempt wrote, or fits it if it had not.
      Optional<Baseline.Result> written =
          data == null ? Baseline.read(spark, layout, provenance) : Optional.empty();
      written.ifPresent(b -> Baseline.print(b, console));
      baseline =
          written.orElseGet(
              () ->
                  baseline(
                      DataPipeline.modelNodes(config, layout),
                      provenance,
                      layout,
                      snapshot.fingerprint()));
    }

    phases.since("baseline");
    // A resumed run keeps its trials in flight: the journal replays only under the same slots.
    int parallelism = journal.slots() > 0 ? journal.slots() : config.search().parallelism();
    TrialResources resources =
        TrialResources.plan(spark.sparkContext(), config.resources(), parallelism);
    TrialJournal trials =
        new TrialJournal(spark, layout, provenance, snapshot.fingerprint(), resources.slots());
    if (!journal.runs().isEmpty()) {
      trials.restoreEpochs(journal.runs());
    }
    Sampler chosen =
        sampler != null
            ? sampler
            : config.search().newSampler(config.study().seed(), resources.slots());
    WarmStart warmStart =
        config.search().warmStart() == 0
            ? WarmStart.NONE
            : WarmStart.plan(
                spark,
                layout,
                ledger,
                study,
                heartbeat.current().startedAt(),
                config.search().space(),
                Direction.MAXIMIZE,
                config.search().warmStart());
    if (!warmStart.description().isEmpty()) {
      console.println("[autoglm] " + warmStart.description());
    }
    report.start();
    phases.since("study set-up");
    StudyDriver.Ended ended =
        StudyDriver.run(
            spark,
            config,
            chosen,
            new StudyDriver.Inputs(
                snapshotDir,
                snapshot,
                layout.checkpoints(study, provenance.runId()),
                layout.pretrained(study, snapshot.fingerprint()),
                resources,
                warmStart,
                report::told),
            trials,
            journal.runs(),
            provenance.runId(),
            console);
    phases.since(TRIALS_PHASE);

    Ensemble.write(
        spark,
        layout,
        provenance,
        snapshot.fingerprint(),
        Arrays.asList(ended.seeds(), ended.ensemble()).stream()
            .filter(java.util.Objects::nonNull)
            .toList());
    ChosenModel studyModel = ended.best() == null ? null : ChosenModel.of(ended);
    String bestModel =
        studyModel == null ? null : saveModel(layout, provenance, snapshot, ended, studyModel);
    phases.since("model");
    Distillation distilled =
        bestModel == null || !config.distill().enabled()
            ? null
            : distil(
                layout,
                provenance,
                snapshotDir,
                snapshot,
                ended.checkpoints(),
                studyModel,
                bestModel);
    phases.since("distillation");
    Leaderboard.registerViews(spark, layout, ledger);
    List<Row> top = Leaderboard.top(spark, study, provenance.runId(), 5);
    Row summary = Leaderboard.summary(spark, study, provenance.runId());
    List<Row> reevaluated =
        config.search().reevaluate().top() == 0
            ? List.of()
            : Leaderboard.reevaluated(spark, study, provenance.runId());
    phases.since("leaderboard");
    return new Result(
        provenance,
        layout,
        data,
        snapshot,
        baseline,
        ended.results(),
        ended.bestCheckpoint(),
        bestModel,
        top,
        reevaluated,
        ended.best() == null ? -1 : ended.best().trialId(),
        ended.seeds(),
        ended.ensemble(),
        distilled,
        summary,
        List.of());
  }

  /**
   * The study's model: the chosen trial (its seeds' soft vote with re-evaluation), or the ensemble
   * of the best configurations when it beat that.
   *
   * @param runs its trial runs
   * @param settings each run's settings
   * @param ensemble the soft vote it is, or null for one run
   */
  private record ChosenModel(List<Integer> runs, List<TrainSettings> settings, Ensemble ensemble) {
    static ChosenModel of(StudyDriver.Ended ended) {
      Ensemble ensemble =
          ended.ensemble() != null && ended.ensemble().chosen() ? ended.ensemble() : ended.seeds();
      return ensemble != null
          ? new ChosenModel(ensemble.runs(), ensemble.settings(), ensemble)
          : new ChosenModel(List.of(ended.best().trialId()), List.of(ended.bestSettings()), null);
    }

    /** Whether its runs train one configuration: the chosen trial's. */
    boolean oneConfiguration(StudyDriver.Ended ended) {
      return ensemble == null || ensemble == ended.seeds();
    }
  }

  /** The description a saved model of this run carries: its provenance. */
  private static Map<String, String> described(
      Provenance provenance, SnapshotFormat.Header snapshot) {
    Map<String, String> described = new TreeMap<>();
    described.put("study", provenance.study());
    described.put("run_id", provenance.runId());
    described.put("run_date", provenance.runDate().toString());
    described.put("config_hash", provenance.configHash());
    described.put("code_version", provenance.codeVersion());
    described.put("data_fingerprint", snapshot.fingerprint());
    return described;
  }

  /** Saves the study's model as a model {@code predict} can load on its own; returns where. */
  private String saveModel(
      OutputLayout layout,
      Provenance provenance,
      SnapshotFormat.Header snapshot,
      StudyDriver.Ended ended,
      ChosenModel chosen) {
    TrialResult best = ended.best();
    Map<String, String> described = described(provenance, snapshot);
    if (chosen.oneConfiguration(ended)) {
      described.put("trial_id", Integer.toString(best.trialId()));
      best.params().forEach((name, value) -> described.put("param." + name, value));
    }
    if (chosen.ensemble() != null) {
      described.put("ensemble_runs", chosen.runs().toString());
      described.put("val_score", String.valueOf(chosen.ensemble().scores().valScore()));
      described.put("test_score", String.valueOf(chosen.ensemble().scores().testScore()));
    } else {
      described.put("val_score", String.valueOf(best.scores().val()));
      described.put("test_score", String.valueOf(best.scores().test()));
    }
    List<ModelBundle.Trained> models = new ArrayList<>();
    for (int i = 0; i < chosen.runs().size(); i++) {
      models.add(
          new ModelBundle.Trained(
              ended.checkpoints().path(chosen.runs().get(i)), chosen.settings().get(i)));
    }
    return ModelBundle.save(
            spark.sparkContext().hadoopConfiguration(),
            layout.models(provenance.study()) + "/runs/" + provenance.runId(),
            models,
            snapshot.classNames(),
            snapshot.numFeatures(),
            config.features().isEmpty() ? null : layout.featureModel(provenance.study()),
            described)
        .dir();
  }

  /**
   * Distils the study's model ({@code search.distill}) into a student saved beside it under {@code
   * student/}, its row in the {@code distilled} table; returns the distillation.
   */
  private Distillation distil(
      OutputLayout layout,
      Provenance provenance,
      String snapshotDir,
      SnapshotFormat.Header snapshot,
      TrialCheckpoints checkpoints,
      ChosenModel chosen,
      String teacherModel) {
    Distillation distilled =
        Distillation.run(
            spark,
            new HadoopConf(spark.sparkContext().hadoopConfiguration()),
            snapshotDir,
            snapshot.fingerprint(),
            checkpoints,
            chosen.runs(),
            chosen.settings(),
            config.distill());
    Map<String, String> described = described(provenance, snapshot);
    described.put("distilled_from", teacherModel);
    described.put("teacher_runs", chosen.runs().toString());
    described.put("val_score", String.valueOf(distilled.scores().valScore()));
    described.put("test_score", String.valueOf(distilled.scores().testScore()));
    String saved =
        ModelBundle.save(
                spark.sparkContext().hadoopConfiguration(),
                teacherModel + "/" + ModelBundle.STUDENT,
                List.of(new ModelBundle.Trained(distilled.checkpoint(), distilled.student())),
                snapshot.classNames(),
                snapshot.numFeatures(),
                config.features().isEmpty() ? null : layout.featureModel(provenance.study()),
                described)
            .dir();
    Distillation.write(spark, layout, provenance, snapshot.fingerprint(), distilled, saved);
    console.printf(
        "[autoglm] distilled into a %s student that needs no graph: val %.2f%%, test %.2f%%"
            + " (teacher val %.2f%%, test %.2f%%); scoring %.2f s per 1M nodes against the"
            + " teacher's %.2f s: %s%n",
        distilled.student().model().name().toLowerCase(java.util.Locale.ROOT),
        100 * distilled.scores().valScore(),
        100 * distilled.scores().testAccuracy(),
        100 * distilled.teacher().valScore(),
        100 * distilled.teacher().testAccuracy(),
        distilled.studentSecondsPerMillion(),
        distilled.teacherSecondsPerMillion(),
        saved);
    return distilled;
  }

  /** The graph-free baseline; a baseline that cannot be fitted is reported, not fatal. */
  private Baseline.Result baseline(
      String modelNodes, Provenance provenance, OutputLayout layout, String fingerprint) {
    try {
      Baseline.Result result =
          SparkJobs.labelled(
              spark,
              "baseline",
              "baseline: MLlib logistic regression on node features",
              () -> Baseline.fit(spark.read().parquet(modelNodes)));
      Baseline.print(result, console);
      Baseline.write(spark, layout, provenance, fingerprint, result);
      return result;
    } catch (RuntimeException e) {
      console.println("[autoglm] baseline skipped: " + describe(e));
      RunLog.LOG.warn("baseline skipped: {}", describe(e));
      return null;
    }
  }

  /**
   * Deletes the rows of the study's other runs of this run date that ended (completed, failed or
   * stopped beating) before this one: of the runs of one night, the last to complete stands, also
   * when runs overlapped. A run still running is left to replace this one when it completes.
   */
  private void replaceEarlierRuns(RunLedger ledger, OutputLayout layout, RunLedger.Run current) {
    Instant now = Instant.now();
    List<String> replaced =
        ledger.runs(current.study()).stream()
            .filter(
                r -> r.runDate().equals(current.runDate()) && !r.runId().equals(current.runId()))
            .filter(r -> r.effectiveStatus(now, ledger.staleAfter()) != RunStatus.RUNNING)
            .filter(r -> lastSign(r).isBefore(current.endedAt()))
            .map(RunLedger.Run::runId)
            .toList();
    if (replaced.isEmpty()) {
      return;
    }
    String date = current.runDate().toString();
    for (String table :
        List.of(
            OutputLayout.TRIALS,
            OutputLayout.BASELINES,
            OutputLayout.ENSEMBLES,
            OutputLayout.DISTILLED,
            OutputLayout.TRIAL_EPOCHS,
            OutputLayout.DATA_QUALITY,
            OutputLayout.QUARANTINE,
            OutputLayout.RUNS)) {
      ResultTables.deleteRuns(spark, layout.table(table), current.study(), date, replaced);
    }
    replaced.forEach(ledger::stopBeating);
    console.printf(
        "[autoglm] this run replaces run(s) %s of %s: their rows are gone from the tables"
            + " (Delta keeps them in the tables' history)%n",
        String.join(", ", replaced), date);
  }

  private static Instant lastSign(RunLedger.Run run) {
    return run.endedAt() != null ? run.endedAt() : run.heartbeatAt();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 2000 ? message.substring(0, 2000) : message;
  }
}
