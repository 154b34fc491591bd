package org.autoglm.run;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.SnapshotFormat;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.results.Leaderboard;
import org.autoglm.search.sampler.Sampler;

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
   * Continues run {@code runId} (or the study's latest, {@link TrialJournal#LATEST}) from its
   * journal instead of starting a new one: after a crash, the trials it journaled are not run
   * again.
   */
  public RunAction resuming(String runId) {
    this.resumeRunId = runId;
    return this;
  }

  /** What a run produced and where. */
  public record Result(
      Provenance provenance,
      OutputLayout layout,
      DataPipeline.Prepared data, // null when resumed: the data stages ran in the first attempt
      SnapshotFormat.Header snapshot,
      List<TrialResult> trials,
      String bestCheckpoint,
      List<Row> top,
      Row summary) {}

  public Result execute() {
    OutputLayout layout = new OutputLayout(config.output().path());
    String study = config.study().name();
    TrialJournal.Recorded resumed =
        resumeRunId == null ? null : TrialJournal.readRun(spark, layout, study, resumeRunId);
    Provenance provenance =
        resumed == null
            ? Provenance.newRun(config, runDate)
            : Provenance.resumed(config, resumed.runId(), resumed.runDate());
    console.println(
        "[autoglm] study "
            + study
            + ", run "
            + provenance.runId()
            + ", code "
            + provenance.codeVersion()
            + ", config "
            + provenance.configHash());

    String snapshotDir = layout.snapshot(study);
    DataPipeline.Prepared data = null;
    SnapshotFormat.Header snapshot;
    List<TrialResult> journaled = List.of();
    if (resumed == null) {
      data = DataPipeline.run(spark, config, layout, provenance);
      printCollected(data.collected().batch(), config, console);
      printQuality(data.quality(), console);
      if (config.augment().views() > 0) {
        printViews(DataPipeline.augment(spark, config, layout), console);
      }
      DataPipeline.CleanReport clean = data.cleaned();
      snapshot = SnapshotWriter.write(spark, clean.cleanNodes(), clean.cleanEdges(), snapshotDir);
    } else {
      // The data stages ran, and their books were written, in the run's first attempt.
      snapshot = resumableSnapshot(resumed, snapshotDir);
      journaled = resumed.runs();
      console.printf(
          "[autoglm] resuming run %s of %s: %d trial runs journaled, not run again%n",
          resumed.runId(), resumed.runDate(), journaled.size());
    }
    console.printf(
        "[autoglm] graph %s: %,d nodes, %,d edges, %,d features, %d classes%n",
        snapshot.fingerprint(),
        snapshot.numNodes(),
        snapshot.numEdges(),
        snapshot.numFeatures(),
        snapshot.classNames().size());

    // A resumed run keeps its trials in flight: the journal replays only under the same slots.
    int parallelism =
        resumed != null && resumed.slots() > 0 ? resumed.slots() : config.search().parallelism();
    TrialResources resources =
        TrialResources.plan(spark.sparkContext(), config.resources(), parallelism);
    TrialJournal journal =
        new TrialJournal(spark, layout, provenance, snapshot.fingerprint(), resources.slots());
    Sampler chosen =
        sampler != null
            ? sampler
            : config.search().newSampler(config.study().seed(), resources.slots());
    StudyDriver.Ended ended =
        StudyDriver.run(
            spark,
            config,
            chosen,
            new StudyDriver.Inputs(
                snapshotDir, snapshot, layout.checkpoints(study, provenance.runId()), resources),
            journal,
            journaled,
            provenance.runId(),
            console);

    Leaderboard.registerViews(spark, layout);
    List<Row> top = Leaderboard.top(spark, study, provenance.runId(), 5);
    Row summary = Leaderboard.summary(spark, study, provenance.runId());
    return new Result(
        provenance, layout, data, snapshot, ended.results(), ended.bestCheckpoint(), top, summary);
  }

  /**
   * The graph {@code resumed} trained on, still in {@code snapshotDir}, under this configuration.
   */
  private SnapshotFormat.Header resumableSnapshot(
      TrialJournal.Recorded resumed, String snapshotDir) {
    String run = "run " + resumed.runId();
    if (!resumed.configHash().equals(config.hash())) {
      throw new ResumeRefused(
          String.format(
              "%s was made with configuration %s, and this one hashes to %s: a run resumes only"
                  + " under its own configuration. Restore it (same file, --env and --set), or"
                  + " start a new run without --resume.",
              run, resumed.configHash(), config.hash()));
    }
    SnapshotFormat.Header snapshot =
        SnapshotCache.header(
                new HadoopConf(spark.sparkContext().hadoopConfiguration()), snapshotDir)
            .orElseThrow(
                () ->
                    new ResumeRefused(
                        run
                            + "'s graph snapshot is gone from "
                            + snapshotDir
                            + ". Start a new run without --resume."));
    if (!snapshot.fingerprint().equals(resumed.dataFingerprint())) {
      throw new ResumeRefused(
          String.format(
              "%s trained on graph %s, but %s now holds graph %s (another run of the study wrote"
                  + " it since). Start a new run without --resume.",
              run, resumed.dataFingerprint(), snapshotDir, snapshot.fingerprint()));
    }
    return snapshot;
  }

  /** What collect read: the new files of an incremental source, or that there were none. */
  public static void printCollected(
      DataPipeline.Batch batch, ExperimentConfig config, PrintStream console) {
    if (batch.isNothingNew()) {
      console.printf(
          "[autoglm] collect: nothing new under %s (%s consumed earlier, see the manifest);"
              + " raw tables unchanged%n",
          config.data().path(), files(batch.consumedEarlier()));
    } else if (batch.files() > 0) {
      console.printf(
          "[autoglm] collect: %s%s, %,d bytes, as batch %s (%s consumed earlier)%n",
          config.data().incremental() ? "new " : "",
          files(batch.files()),
          batch.bytes(),
          batch.name(),
          files(batch.consumedEarlier()));
    }
  }

  private static String files(int n) {
    return String.format("%,d file%s", n, n == 1 ? "" : "s");
  }

  /** The books of collect and clean: every table's totals, and each rule that quarantined rows. */
  public static void printQuality(List<QualityLedger.Entry> quality, PrintStream console) {
    quality.stream()
        .filter(
            e ->
                e.quarantined() > 0
                    || e.rule().equals(QualityLedger.ALL_RULES)
                    || e.rule().equals(GraphCleaner.REVERSE_EDGE))
        .forEach(
            e ->
                console.printf(
                    "[autoglm] %-7s %-7s %-20s in %,d  kept %,d  quarantined %,d%n",
                    e.stage(), e.table(), e.rule(), e.rowsIn(), e.kept(), e.quarantined()));
  }

  public static void printViews(DataPipeline.AugmentReport report, PrintStream console) {
    for (int v = 0; v < report.viewSizes().size(); v++) {
      console.printf(
          "[autoglm] augment view %d: %,d nodes, %,d edges%n",
          v, report.viewSizes().get(v)[0], report.viewSizes().get(v)[1]);
    }
    console.println("[autoglm] views under " + report.path());
  }
}
