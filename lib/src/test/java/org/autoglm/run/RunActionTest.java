package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.StudyReport;
import org.autoglm.results.Leaderboard;
import org.autoglm.results.Reports;
import org.autoglm.search.sampler.RandomSampler;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.ResumeRefused;
import org.autoglm.study.TrialResult;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.autoglm.train.Checkpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class RunActionTest extends SparkTestBase {
  private static final String SMALL_GRAPH =
      TestConfigs.tinyGraph(3)
          + """
      study: {name: tiny, seed: 3}
      search:
        trials: 4
        parallelism: 2
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
          hidden: {type: int, low: 8, high: 32}
      train: {epochs: 40, patience: 40}
      """;

  @TempDir Path output;

  @Test
  void syntheticStudyEndToEnd() {
    ExperimentConfig config = TestConfigs.load(output, SMALL_GRAPH);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunAction.Result result =
        new RunAction(spark, config, LocalDate.of(2026, 11, 22), print(console)).execute();

    assertThat(result.trials()).hasSize(4).allMatch(TrialResult::isComplete);
    assertThat(result.snapshot().numNodes()).isEqualTo(300);
    // A homophilous graph with class-topic words is easy: far above chance (1/3).
    assertThat((Double) result.summary().getAs("best_val")).isGreaterThan(0.7);

    // The trials table is Parquet, partitioned by study and run date, with provenance.
    Row row =
        spark
            .read()
            .format("delta")
            .load(output.resolve("trials").toString())
            .filter("study = 'tiny'")
            .selectExpr(
                "count(*) AS n",
                "count(DISTINCT run_id) AS runs",
                "min(run_date) AS run_date",
                "min(data_fingerprint) AS fingerprint",
                "min(config_hash) AS config_hash",
                "min(code_version) AS code_version",
                "count_if(params['lr'] IS NULL) AS missing_lr")
            .first();
    assertThat(row.getLong(0)).isEqualTo(4);
    assertThat(row.getLong(1)).isEqualTo(1);
    assertThat(row.getDate(2).toString()).isEqualTo("2026-11-22");
    assertThat(row.getString(3)).isEqualTo(result.snapshot().fingerprint());
    assertThat(row.getString(4)).isEqualTo(config.hash());
    assertThat(row.getString(5)).startsWith("0.1.0-SNAPSHOT+");
    assertThat(row.getLong(6)).isZero();
    assertThat(output.resolve("trials/study=tiny/run_date=2026-11-22")).isDirectory();

    // Books balance: every stage/table summary row adds up, and the view agrees.
    assertBooksBalance(result);
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("[autoglm] trials 4/4").contains("best val_accuracy");
  }

  @Test
  void theBestConfigurationsAreReevaluatedInFullWithNewSeedsAndChosenByTheMean() {
    ExperimentConfig config =
        TestConfigs.load(
            output,
            SMALL_GRAPH,
            "search.trials=8",
            "search.pruner=sha",
            "search.pruning.min_resource=4",
            "train.epochs=12",
            "search.reevaluate.top=2",
            "search.reevaluate.seeds=1");
    RunAction.Result result =
        new RunAction(spark, config, LocalDate.of(2026, 11, 22), print(new ByteArrayOutputStream()))
            .execute();

    // Six searched trials under successive halving, then the two best again, unpruned.
    List<TrialResult> again = result.trials().stream().filter(t -> t.reevaluates() >= 0).toList();
    assertThat(again).hasSize(2).allMatch(t -> t.isComplete() && t.epochs() == 12);
    List<Integer> completeSearched =
        result.trials().stream()
            .filter(t -> t.reevaluates() < 0 && t.isComplete())
            .map(TrialResult::trialId)
            .toList();
    for (TrialResult run : again) {
      assertThat(completeSearched).contains(run.reevaluates());
      TrialResult searched =
          result.trials().stream()
              .filter(t -> t.trialId() == run.reevaluates() && t.isComplete())
              .findFirst()
              .orElseThrow();
      assertThat(run.params()).isEqualTo(searched.params());
      assertThat(run.seed()).isNotEqualTo(searched.seed());
    }
    // The leaderboard's view of it, from the trials table: two configurations, two runs each.
    assertThat(result.reevaluated()).hasSize(2).allMatch(r -> r.<Long>getAs("runs") == 2);
    Row chosen = result.reevaluated().get(0);
    assertThat(result.chosenTrial()).isEqualTo(chosen.<Integer>getAs("trial_id"));
    assertThat(chosen.<Double>getAs("mean_val"))
        .isGreaterThanOrEqualTo(result.reevaluated().get(1).<Double>getAs("mean_val"));
    assertThat(
            spark
                .read()
                .format("delta")
                .load(output.resolve("trials").toString())
                .filter("reevaluates IS NOT NULL")
                .count())
        .isEqualTo(2);
    // The study's model is the chosen configuration's runs soft-voted: its run and its seed's.
    int reevaluation =
        again.stream()
            .filter(t -> t.reevaluates() == result.chosenTrial())
            .findFirst()
            .orElseThrow()
            .trialId();
    assertThat(result.seeds().runs()).containsExactly(result.chosenTrial(), reevaluation);
    assertThat(result.seeds().chosen()).isTrue();
    assertThat(result.seeds().configurations()).isEqualTo(1);
    ModelBundle saved =
        ModelBundle.load(spark.sparkContext().hadoopConfiguration(), result.bestModel());
    assertThat(saved.members()).hasSize(2);
    assertThat(saved.properties())
        .containsEntry("trial_id", Integer.toString(result.chosenTrial()))
        .containsEntry("ensemble_runs", result.seeds().runs().toString());
    Row row =
        spark
            .read()
            .format("delta")
            .load(output.resolve("ensembles").toString())
            .collectAsList()
            .get(0);
    assertThat(row.<Integer>getAs("configurations")).isEqualTo(1);
    assertThat(row.<Boolean>getAs("chosen")).isTrue();
    assertThat(row.<Double>getAs("val_score")).isEqualTo(result.seeds().scores().valScore());
    // The run's report names the same model and the configurations it was chosen from.
    RunLedger ledger = new RunLedger(spark, result.layout(), java.time.Duration.ofMinutes(1));
    Leaderboard.registerViews(spark, result.layout(), ledger);
    StudyReport report =
        Reports.read(
            spark, ledger, config.study().name(), result.provenance().runId(), config.search());
    assertThat(report.votes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.chosen()).isTrue();
              assertThat(v.members()).isEqualTo(result.seeds().runs());
              assertThat(v.valScore()).isEqualTo(result.seeds().scores().valScore());
            });
    assertThat(report.reevaluated())
        .extracting(StudyReport.Reevaluation::trialId)
        .containsExactlyElementsOf(
            result.reevaluated().stream().map(r -> r.<Integer>getAs("trial_id")).toList());
    assertThat(ReportHtml.render(report, 0))
        .contains("trial " + result.chosenTrial() + ", 2 seeds soft-voted (chosen)")
        .contains("Re-evaluated configurations");
  }

  @Test
  void successiveHalvingStopsTrialsAtRungsAndPromotesTheBest() throws Exception {
    ExperimentConfig config =
        TestConfigs.load(
            output,
            SMALL_GRAPH,
            "search.trials=6",
            "search.pruner=sha",
            "search.pruning.min_resource=4",
            "search.pruning.eta=3",
            "train.epochs=12",
            "train.patience=100");
    RunAction.Result result =
        new RunAction(spark, config, LocalDate.of(2026, 11, 22), print(new ByteArrayOutputStream()))
            .execute();

    // Six trials start at rung 4; the best 2 go to 12 epochs (the full resource).
    List<TrialResult> firstRuns = result.trials().stream().filter(t -> t.epochs() == 4).toList();
    assertThat(firstRuns).hasSize(6).allMatch(t -> t.status() == TrialState.PAUSED);
    List<TrialResult> promoted = result.trials().stream().filter(t -> t.epochs() == 12).toList();
    assertThat(promoted).hasSize(2).allMatch(TrialResult::isComplete);
    double bestAtRung =
        firstRuns.stream().mapToDouble(t -> t.scores().val()).sorted().skip(4).min().orElseThrow();
    for (TrialResult p : promoted) {
      TrialResult atRung =
          firstRuns.stream().filter(f -> f.trialId() == p.trialId()).findFirst().orElseThrow();
      assertThat(atRung.scores().val()).isGreaterThanOrEqualTo(bestAtRung);
      // The promotion continued from the rung's checkpoint: it trained epochs 5-12 only, and
      // its curve starts with the four epochs the rung run reported.
      assertThat(p.resumedFrom()).isEqualTo(4);
      assertThat(p.curve()).hasSize(12).startsWith(atRung.curve());
    }
    // trial_epochs: one row per epoch trained; a promotion's segment holds epochs 5-12 only, and
    // its validation scores are its curve's.
    Row epochs =
        spark
            .read()
            .format("delta")
            .load(output.resolve("trial_epochs").toString())
            .selectExpr(
                "count(*) AS n",
                "count_if(resumed_from = 4 AND epoch <= 4) AS repeated",
                "count_if(gradient_norm > 0 AND seconds > 0 AND learning_rate > 0 AND batches = 1)"
                    + " AS measured",
                "count(DISTINCT trial_id, sequence) AS segments",
                "min(run_id) = max(run_id) AS one_run")
            .first();
    assertThat(epochs.<Long>getAs("n")).isEqualTo(6 * 4 + 2 * 8);
    assertThat(epochs.<Long>getAs("repeated")).isZero();
    assertThat(epochs.<Long>getAs("measured")).isEqualTo(6 * 4 + 2 * 8);
    assertThat(epochs.<Long>getAs("segments")).isEqualTo(8);
    assertThat(epochs.<Boolean>getAs("one_run")).isTrue();
    TrialResult promotedRun = promoted.get(0);
    List<Double> promotedScores =
        spark
            .read()
            .format("delta")
            .load(output.resolve("trial_epochs").toString())
            .filter("trial_id = " + promotedRun.trialId() + " AND resumed_from = 4")
            .orderBy("epoch")
            .select("val_score")
            .as(org.apache.spark.sql.Encoders.DOUBLE())
            .collectAsList();
    assertThat(promotedScores)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(promotedRun.curve()).skip(4).boxed().toList());

    Row summary = result.summary();
    assertThat(summary.<Long>getAs("trials")).isEqualTo(6);
    assertThat(summary.<Long>getAs("complete")).isEqualTo(2);
    assertThat(summary.<Long>getAs("pruned")).isEqualTo(4);

    // Only the best trial's checkpoint is left, and it holds that trial's best epoch.
    Path bestFile = Path.of(result.bestCheckpoint());
    assertThat(bestFile.getParent().toFile().list((dir, name) -> !name.endsWith(".crc")))
        .containsExactly(bestFile.getFileName().toString());
    TrialResult best =
        promoted.stream().max(Comparator.comparingDouble(t -> t.scores().val())).orElseThrow();
    assertThat(result.bestCheckpoint()).endsWith(String.format("trial-%05d.ckpt", best.trialId()));
    Checkpoint saved = Checkpoint.fromBytes(Files.readAllBytes(bestFile), "best");
    assertThat(saved.epoch()).isEqualTo(12);
    assertThat(saved.best().epoch()).isEqualTo(best.bestEpoch());
    assertThat(saved.best().valScore()).isEqualTo(best.scores().val());
  }

  private void assertBooksBalance(RunAction.Result result) {
    List<Row> quality =
        spark
            .sql("SELECT * FROM data_quality WHERE rule = 'all' AND study = 'tiny'")
            .collectAsList();
    assertThat(quality).isNotEmpty();
    for (Row q : quality) {
      assertThat(q.<Long>getAs("rows_in"))
          .isEqualTo(q.<Long>getAs("kept") + q.<Long>getAs("quarantined"));
    }
    assertThat(result.top()).hasSize(4);
  }

  @Test
  void aTrialThatThrowsBecomesAFailedRowAndTheStudyGoesOn() {
    ExperimentConfig config = TestConfigs.load(output, SMALL_GRAPH, "search.trials=3");
    RandomSampler random = new RandomSampler(1);
    RunAction.Result result =
        new RunAction(spark, config, LocalDate.of(2026, 11, 22), print(new ByteArrayOutputStream()))
            .withSampler(
                (space, history, id) ->
                    id == 1 ? Map.of("dropout", 1.5) : random.suggest(space, history, id))
            .execute();

    assertThat(result.trials()).hasSize(3);
    TrialResult failed =
        result.trials().stream().filter(t -> t.trialId() == 1).findFirst().orElseThrow();
    assertThat(failed.status()).isEqualTo(TrialState.FAILED);
    assertThat(failed.error())
        .isEqualTo(
            "IllegalArgumentException: training parameter 'dropout' is 1.5 but must be in [0, 1)");
    assertThat(result.trials()).filteredOn(TrialResult::isComplete).hasSize(2);
    Row stored =
        spark
            .sql(
                "SELECT status, error FROM trials WHERE trial_id = 1 AND run_id = ?",
                new Object[] {result.provenance().runId()})
            .first();
    assertThat(stored.getString(0)).isEqualTo("FAILED");
    assertThat(stored.getString(1)).contains("'dropout' is 1.5");
  }

  @Test
  void aCrashedRunResumesFromItsJournalAndEndsAsAnUnbrokenRunWould() {
    ExperimentConfig config = TestConfigs.load(output, SMALL_GRAPH, "search.trials=6");
    Sampler configured = config.search().newSampler(config.study().seed(), 2);
    // The driver dies asking for trial 4: three runs were told and journaled, one is in flight.
    RunAction crashing =
        new RunAction(spark, config, LocalDate.of(2026, 11, 22), print(new ByteArrayOutputStream()))
            .withSampler(
                (space, history, id) -> {
                  if (id == 4) {
                    throw new IllegalStateException("driver lost");
                  }
                  return configured.suggest(space, history, id);
                });
    assertThatThrownBy(crashing::execute).hasMessage("driver lost");
    String crashed = runs().get(0).getString(0);
    assertThat(runs().get(0).getString(1)).isEqualTo("FAILED");
    assertThatThrownBy(resume(TestConfigs.load(output, SMALL_GRAPH, "search.trials=7"), crashed))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageContaining("run " + crashed + " was made with configuration " + config.hash())
        .hasMessageContaining("a run resumes only under its own configuration");

    Instant resumedAt = Instant.now();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunAction.Result resumed =
        new RunAction(spark, config, LocalDate.of(2026, 11, 23), print(console))
            .resuming(RunAction.LATEST)
            .execute();

    String runId = resumed.provenance().runId();
    assertThat(runId).isEqualTo(crashed);
    assertThat(runs())
        .extracting(r -> r.getString(0) + " " + r.getString(1))
        .containsExactly(runId + " COMPLETED");
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("[autoglm] resuming run " + runId + " of 2026-11-22: 3 trial runs journaled")
        .contains("[autoglm] trials 6/6");
    assertThat(resumed.trials()).hasSize(6).allMatch(TrialResult::isComplete);
    List<Row> rows =
        spark
            .sql(
                "SELECT trial_id, start_time, val_score, run_date FROM trials WHERE run_id = ?"
                    + " ORDER BY trial_id",
                new Object[] {runId})
            .collectAsList();
    assertThat(rows).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2, 3, 4, 5);
    // The journaled runs were not trained again, and every row stays in the run's own partition.
    assertThat(rows).filteredOn(r -> r.getTimestamp(1).toInstant().isBefore(resumedAt)).hasSize(3);
    assertThat(rows).allMatch(r -> r.getDate(3).toString().equals("2026-11-22"));

    Path elsewhere = output.resolve("unbroken");
    RunAction.Result unbroken =
        new RunAction(
                spark,
                TestConfigs.load(elsewhere, SMALL_GRAPH, "search.trials=6"),
                LocalDate.of(2026, 11, 22),
                print(new ByteArrayOutputStream()))
            .execute();
    assertThat(scoresByTrial(resumed.trials())).isEqualTo(scoresByTrial(unbroken.trials()));

    // A completed run, latest or named, has nothing to resume.
    assertThatThrownBy(resume(config, RunAction.LATEST))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageContaining("run " + runId + " of study 'tiny' completed at")
        .hasMessageContaining("is the study's latest: there is nothing to resume");
    assertThatThrownBy(resume(config, "2026-11-22-nosuch"))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageContaining("study 'tiny' has no run '2026-11-22-nosuch'")
        .hasMessageContaining("its runs are " + runId);

    // A second crashed run is the latest unfinished one; its snapshot is gone.
    assertThatThrownBy(crashing::execute).hasMessage("driver lost");
    String second = runs().get(0).getString(0);
    Tables.delete(spark, output.resolve("graphs/tiny/snapshot").toString());
    assertThatThrownBy(resume(config, RunAction.LATEST))
        .isInstanceOf(ResumeRefused.class)
        .hasMessage(
            "run "
                + second
                + "'s graph snapshot is gone from "
                + output.resolve("graphs/tiny/snapshot")
                + ". Start a new run without --resume.");
  }

  /** The study's runs, newest first: run id, status. */
  private List<Row> runs() {
    return new RunLedger(
            spark, new OutputLayout(output.toString()), java.time.Duration.ofMinutes(1))
        .view()
        .filter("study = 'tiny'")
        .orderBy(org.apache.spark.sql.functions.col("started_at").desc())
        .select("run_id", "status")
        .collectAsList();
  }

  /** Resuming {@code runId} under {@code config}, a day after the run began. */
  private ThrowingCallable resume(ExperimentConfig config, String runId) {
    return () ->
        new RunAction(spark, config, LocalDate.of(2026, 11, 23), print(new ByteArrayOutputStream()))
            .resuming(runId)
            .execute();
  }

  private static Map<Integer, String> scoresByTrial(List<TrialResult> trials) {
    Map<Integer, String> scores = new java.util.TreeMap<>();
    trials.forEach(
        t -> scores.put(t.trialId(), new java.util.TreeMap<>(t.params()) + " " + t.scores().val()));
    return scores;
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
