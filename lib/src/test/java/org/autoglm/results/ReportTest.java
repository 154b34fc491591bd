package org.autoglm.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ParameterImportance;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.RunComparison;
import org.autoglm.report.StudyReport;
import org.autoglm.run.RunLedger;
import org.autoglm.study.OutputLayout;
import org.autoglm.testing.HeadlessBrowser;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report, the comparison and the notebooks' queries over two real runs of a small
 * multi-objective study (accuracy and training time), on two run dates.
 */
@Tag("slow")
class ReportTest extends SparkTestBase {
  private static final String STUDY =
      TestConfigs.tinyGraph(3)
          + """
      study: {name: mo, seed: 11}
      search:
        trials: 6
        parallelism: 2
        sampler: nsga2
        minimize_train_seconds: true
        space:
          lr: {type: float, low: 0.001, high: 0.1, log: true}
          hidden: {type: int, low: 4, high: 32}
          activation: {type: categorical, choices: [relu, elu]}
      train: {epochs: 20, patience: 20}
      """;

  @TempDir static Path output;
  private static ExperimentConfig config;
  private static RunAction.Result first;
  private static RunAction.Result second;
  private static RunLedger ledger;

  @BeforeAll
  static void twoRuns() {
    config = TestConfigs.load(output, STUDY);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    first = new RunAction(spark, config, LocalDate.of(2026, 11, 21), quiet).execute();
    ExperimentConfig reseeded = TestConfigs.load(output, STUDY, "study.seed=12");
    second = new RunAction(spark, reseeded, LocalDate.of(2026, 11, 22), quiet).execute();
    ledger = new RunLedger(spark, layout(), Duration.ofSeconds(30));
  }

  private static OutputLayout layout() {
    return new OutputLayout(config.output().path());
  }

  private static String runId(RunAction.Result result) {
    return result.provenance().runId();
  }

  @Test
  void readsTheRunFromTheTables() {
    Leaderboard.registerViews(spark, layout(), ledger);
    StudyReport report = Reports.read(spark, ledger, "mo", runId(second), config.search());

    assertThat(report.run().status()).isEqualTo("COMPLETED");
    assertThat(report.live()).isFalse();
    assertThat(report.objective()).isEqualTo("val_accuracy");
    assertThat(report.multiObjective()).isTrue();
    assertThat(report.logScaled()).containsExactly("lr");
    assertThat(report.trials()).hasSize(6);
    assertThat(report.trials()).extracting(StudyReport.TrialRow::sequence).isSorted();
    assertThat(report.curves()).hasSize(Reports.CURVES);
    StudyReport.Curve best = report.curves().get(0);
    StudyReport.TrialRow bestTrial =
        report.trials().stream().filter(t -> t.trialId() == best.trialId()).findFirst().get();
    assertThat(best.epochs()).hasSize(bestTrial.epochs());
    assertThat(best.valScore()).contains(bestTrial.valScore());
    assertThat(report.importance())
        .extracting(ParameterImportance.Share::parameter)
        .containsExactlyInAnyOrder("lr", "hidden", "activation");
    assertThat(report.quality()).isNotEmpty();
    // The earlier run is compared with this one (the reference), metric by metric.
    assertThat(report.comparison())
        .extracting(RunComparison.Row::runId)
        .containsOnly(runId(first), runId(second));
    assertThat(report.comparison().stream().filter(RunComparison.Row::reference))
        .allMatch(r -> r.runId().equals(runId(second)))
        .hasSize(RunComparison.METRICS.size());
  }

  @Test
  void theLivePageBuiltFromTheToldRunsShowsWhatTheTablesHold() {
    Leaderboard.registerViews(spark, layout(), ledger);
    StudyReport tables = Reports.read(spark, ledger, "mo", runId(second), config.search());

    StudyReport live = Reports.live(tables, second.trials());

    assertThat(live.live()).isTrue();
    assertThat(live.run().status()).isEqualTo("RUNNING");
    assertThat(live.trials()).isEqualTo(tables.trials());
    assertThat(live.curves()).isEqualTo(tables.curves());
    assertThat(live.importance()).isEqualTo(tables.importance());
    assertThat(live.quality()).isEqualTo(tables.quality());
  }

  @Test
  void theRunLeftItsReportAndABrowserDrawsEveryChartWithoutAnError() throws Exception {
    Path page =
        Path.of(Reports.path(new OutputLayout(config.output().path()), "mo", runId(second)));
    String html = Files.readString(page);
    // The page outside its inlined scripts (ECharts' own code is 1 MB of text).
    String markup = html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
    assertThat(markup)
        .contains(runId(second))
        .contains("Accuracy against training time")
        .contains("val_accuracy, train_seconds")
        .doesNotContain("http-equiv=\"refresh\""); // the run ended: no more reloading
    // Self-contained: no element loads anything from elsewhere.
    assertThat(markup).doesNotContainPattern("<(script|link|img|iframe)[^>]*(src|href)=");
    assertThat(markup.split("<script", -1)).hasSize(4); // data, ECharts, the page's own

    String dom = HeadlessBrowser.require().dumpDom(page);
    assertThat(HeadlessBrowser.bodyAttribute(dom, "data-errors"))
        .as(HeadlessBrowser.bodyAttribute(dom, "data-error-text"))
        .isEqualTo("0");
    String charts = HeadlessBrowser.bodyAttribute(dom, "data-charts");
    // history, Pareto, importance, status, 3 parameters, parallel, 2 curves, quarantine
    assertThat(charts).isEqualTo("11");
    assertThat(HeadlessBrowser.bodyAttribute(dom, "data-charts-drawn")).isEqualTo(charts);
  }

  @Test
  void compareWritesATableOfZScoresAgainstTheReference() {
    Leaderboard.registerViews(spark, layout(), ledger);
    List<Compare.RunRef> runs = Compare.choose(ledger, "mo", List.of(), List.of(), 10);
    assertThat(runs).extracting(Compare.RunRef::runId).containsExactly(runId(first), runId(second));

    List<RunComparison.Row> rows = Compare.run(spark, layout(), runs, null, 3);

    assertThat(rows).hasSize(2 * RunComparison.METRICS.size());
    Leaderboard.registerViews(spark, layout(), ledger);
    Row top =
        spark
            .sql(
                "SELECT n, mean, z, p_value, reference_run_id FROM comparisons"
                    + " WHERE run_id = ? AND metric = 'top_k_val_score'",
                new Object[] {runId(second)})
            .first();
    assertThat(top.getInt(0)).isEqualTo(3);
    assertThat(top.getString(4)).isEqualTo(runId(first));
    RunComparison.Row computed =
        rows.stream()
            .filter(r -> r.runId().equals(runId(second)) && r.metric().equals("top_k_val_score"))
            .findFirst()
            .orElseThrow();
    assertThat(top.getDouble(1)).isEqualTo(computed.mean());
    assertThat(top.get(3)).isEqualTo(computed.pValue());
  }

  @Test
  void everyStringFromDataIsEscaped() {
    String attack = "</script><script>alert(1)</script><img onerror=x>";
    StudyReport report =
        new StudyReport(
            new StudyReport.RunInfo(
                attack, "r1", "2026-11-22", "RUNNING", "t0", null, "h", "v", "f"),
            "val_accuracy",
            false,
            java.util.Set.of(),
            List.of(
                new StudyReport.TrialRow(
                    0, 1, "COMPLETE", 0.5, 0.5, 1.0, 10, Map.of("model", attack), null)),
            List.of(),
            List.of(),
            List.of(new StudyReport.QualityRow("clean", "edges", attack, 1, 1, 0)),
            List.of(new StudyReport.QuarantineCount("clean", "edges", attack, 3)),
            List.of(),
            List.of(new StudyReport.Vote(List.of(0, 1), 1, 0.5, 0.5, 0.5, true)),
            List.of(
                new StudyReport.Reevaluation(0, 2, 0.5, 0.1, 0.5, 0.1, Map.of("model", attack))),
            List.of(
                new StudyReport.ModelCost("teacher", "trial runs [0, 1]", 0.9, 0.8, 0.8, 12.5),
                new StudyReport.ModelCost("student", attack, 0.7, 0.6, 0.6, 0.25),
                new StudyReport.ModelCost("baseline", "logistic regression", 0.4, 0.3, null, null)),
            true);

    String html = ReportHtml.render(report, 7);

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img onerror");
    assertThat(html).contains("&lt;/script&gt;&lt;script&gt;alert(1)");
    assertThat(html).contains("\\u003c/script\\u003e"); // inside the JSON data
    assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"7\">");
    // As the run ended: the study's model and the re-evaluated configurations are shown.
    String ended =
        ReportHtml.render(
            new StudyReport(
                report.run(),
                report.objective(),
                report.multiObjective(),
                report.logScaled(),
                report.trials(),
                report.curves(),
                report.importance(),
                report.quality(),
                report.quarantine(),
                report.comparison(),
                report.votes(),
                report.reevaluated(),
                report.sideBySide(),
                false),
            7);
    assertThat(ended).contains("trial 0, 2 seeds soft-voted (chosen)");
    assertThat(ended)
        .contains("Teacher, distilled student and graph-free baseline")
        .contains("<td>12.50</td>")
        .contains("<td>0.25</td>");
    assertThat(ended).doesNotContain("<img onerror").contains("{model=&lt;/script&gt;");
  }

  /**
   * Every {@code spark.sql} query of {@code notebooks/*.ipynb}, in notebook order, against these
   * runs' tables registered as the notebooks register them; each SELECT must return rows.
   */
  @Test
  void everyNotebookQueryRunsOnARealRunsTables() throws Exception {
    Leaderboard.registerViews(spark, layout(), ledger);
    Compare.run(spark, layout(), Compare.choose(ledger, "mo", List.of(), List.of(), 10), null, 3);
    Map<String, Object> values = Map.of("study", "mo", "run_id", runId(second));
    List<Path> notebooks;
    try (var files = Files.list(Path.of("../notebooks"))) {
      notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks)
        .extracting(f -> f.getFileName().toString())
        .contains("leaderboard.ipynb", "study.ipynb", "compare.ipynb");
    int queries = 0;
    for (Path notebook : notebooks) {
      for (String table :
          List.of("trials", "trial_epochs", "data_quality", "quarantine", "gates", "comparisons")) {
        if (Files.isDirectory(Path.of(layout().table(table)))) { // as the notebooks skip it
          spark.read().format("delta").load(layout().table(table)).createOrReplaceTempView(table);
        }
      }
      spark.read().format("delta").load(layout().table("runs")).createOrReplaceTempView("runs_log");
      for (NotebookQueries.Query query : NotebookQueries.read(notebook)) {
        Map<String, Object> args = new java.util.HashMap<>();
        for (String name : query.parameters()) {
          assertThat(values).as("%s: value for :%s", query.where(), name).containsKey(name);
          args.put(name, values.get(name));
        }
        org.apache.spark.sql.Dataset<Row> result;
        try {
          result = spark.sql(query.text(), args);
        } catch (Exception e) { // AnalysisException is checked, thrown unchecked
          throw new AssertionError(query.where() + " does not run: " + e.getMessage(), e);
        }
        if (query.text().strip().toUpperCase(java.util.Locale.ROOT).startsWith("CREATE")) {
          continue;
        }
        assertThat(result.count()).as("%s returns rows", query.where()).isPositive();
        queries++;
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(9);
  }
}
