package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.autoglm.actions.RunAction;
import org.autoglm.results.Leaderboard;
import org.autoglm.study.OutputLayout;
import org.autoglm.testing.ChildRun;
import org.autoglm.testing.KillPoint;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL) at moments across every stage, each kill followed by {@code --resume
 * latest}, ends with the same tables, books and curves as the same run unbroken.
 */
@Tag("slow")
class KillAnywhereTest extends SparkTestBase {
  private static final LocalDate NIGHT = LocalDate.of(2026, 12, 2);

  private static final String STUDY =
      TestConfigs.tinyGraph(2)
          + """
      study: {name: killed, seed: 5}
      search:
        trials: 6
        dispatch: waves
        ensemble: 3
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
          hidden: {type: int, low: 8, high: 32}
      train: {epochs: 25, patience: 25, baseline: true}
      output: {heartbeat_seconds: 1, report_seconds: 0}
      """;

  /**
   * Where each attempt is killed (see {@link KillPoint}), in two chains of one run each, run side
   * by side: the data stages (each kill before the graph is ready makes the resume redo them), then
   * everything after. Each resumed attempt reaches the next point of its chain.
   */
  private static final List<List<String>> CHAINS =
      List.of(
          List.of(
              "collect: read|1",
              "data quality: collect|1", // the collect quarantine written, its books not
              "clean: |2",
              "data quality: clean|1", // the clean quarantine written, its books not
              "snapshot: |1"),
          List.of(
              "baseline: |1",
              "tune: trial|1",
              "journal: append|1",
              "journal: append the epochs|1", // trials journaled, their epochs not
              "journal: compact|1",
              "ensemble: |1",
              "ensemble: |14")); // the leaderboard and the report, after the model choice

  @TempDir Path unbroken;
  @TempDir Path killed;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void everyResumeCompletesWithTheUnbrokenRunsTablesAndBooks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CHAINS.size());
    List<Future<List<String>>> chains = new ArrayList<>();
    try {
      for (int c = 0; c < CHAINS.size(); c++) {
        Path output = killed.resolve("chain-" + c);
        List<String> points = CHAINS.get(c);
        chains.add(pool.submit(() -> killAndResume(output, points)));
      }
      String runId =
          new RunAction(spark, TestConfigs.load(unbroken, STUDY), NIGHT, System.out)
              .execute()
              .provenance()
              .runId();
      Outcome expected = Outcome.of(unbroken, runId);
      assertThat(expected.quarantine).as("the graph has rows to quarantine").isNotEmpty();
      assertThat(expected.ensembles).isNotEmpty();

      List<String> killedAt = new ArrayList<>();
      for (int c = 0; c < CHAINS.size(); c++) {
        killedAt.addAll(chains.get(c).get(6, TimeUnit.MINUTES));
        Path output = killed.resolve("chain-" + c);
        List<RunLedger.Run> runs =
            new RunLedger(spark, new OutputLayout(output.toString()), Duration.ofSeconds(1))
                .runs("killed");
        assertThat(runs).as("one run, resumed until it completed").hasSize(1);
        String resumed = runs.get(0).runId();
        Outcome actual = Outcome.of(output, resumed);
        assertThat(actual.runs).containsExactly("COMPLETED 0");
        assertThat(actual.trials).isEqualTo(expected.trials);
        assertThat(actual.epochs).isEqualTo(expected.epochs);
        assertThat(actual.quality).isEqualTo(expected.quality);
        assertThat(actual.quarantine)
            .isEqualTo(expected.quarantine)
            .isEqualTo(actual.qualityQuarantined);
        assertThat(actual.baselines).isEqualTo(expected.baselines).hasSize(1);
        assertThat(actual.ensembles).isEqualTo(expected.ensembles);
        assertThat(output.resolve("models/killed/runs/" + resumed)).exists();
        assertThat(output.resolve("reports/killed/" + resumed + ".html"))
            .content()
            .contains("COMPLETED");
      }
      // A resume after kills in clean keeps the collect the run had completed.
      assertThat(Files.readString(killed.resolve("chain-0/attempt-4.log")))
          .contains("[autoglm] resumed: collect");
      assertThat(killedAt)
          .as("the jobs the attempts were killed at")
          .hasSize(12)
          .anyMatch(d -> d.startsWith("collect"))
          .anyMatch(d -> d.startsWith("data quality: collect"))
          .anyMatch(d -> d.startsWith("clean"))
          .anyMatch(d -> d.startsWith("data quality: clean"))
          .anyMatch(d -> d.startsWith("snapshot"))
          .anyMatch(d -> d.startsWith("baseline"))
          .anyMatch(d -> d.startsWith("tune"))
          .anyMatch(d -> d.startsWith("journal"))
          .anyMatch(d -> d.startsWith("ensemble"))
          .anyMatch(d -> d.equals("null")); // unlabelled: the leaderboard, the report
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs the study into {@code output} killed at each of {@code points} in turn, each attempt but
   * the first resuming the last, then resumes it once more to the end; returns the jobs the kills
   * came at.
   */
  private static List<String> killAndResume(Path output, List<String> points) throws Exception {
    Files.createDirectories(output);
    List<String> killedAt = new ArrayList<>();
    for (int i = 0; i <= points.size(); i++) {
      boolean last = i == points.size();
      String[] options =
          last
              ? new String[] {FAST_START}
              : new String[] {FAST_START, "-D" + KillPoint.PROPERTY + "=" + points.get(i)};
      List<String> command =
          i == 0
              ? ChildRun.command(output, NIGHT, STUDY, options)
              : ChildRun.resume(output, NIGHT, STUDY, RunAction.LATEST, options);
      Path log = output.resolve("attempt-" + i + ".log");
      String printed;
      int exit;
      do {
        Process child =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("attempt %d ended", i).isTrue();
        exit = child.exitValue();
        printed = Files.readString(log, StandardCharsets.UTF_8);
        // Started before the killed attempt's heartbeat lapsed (3 s): refused, so again.
      } while (exit != 0 && printed.contains("is still running") && sleep(500));
      if (last) {
        assertThat(exit).as("the last resume's exit code; its log:%n%s", printed).isZero();
        break;
      }
      String at =
          printed
              .lines()
              .filter(l -> l.startsWith(KillPoint.MARKER))
              .findFirst()
              .map(l -> l.substring(KillPoint.MARKER.length()))
              .orElse(null);
      assertThat(at)
          .as("attempt %d killed at %s; its log:%n%s", i, points.get(i), printed)
          .isNotNull();
      assertThat(exit).as("SIGKILL").isEqualTo(137);
      killedAt.add(at);
    }
    return killedAt;
  }

  /** Child JVMs here live seconds: the client compiler alone costs them less. */
  private static final String FAST_START = "-XX:TieredStopAtLevel=1";

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  /**
   * What a run left in the tables, as comparable text. Not the order trials were told in: two
   * trials of a wave end in either order.
   */
  private record Outcome(
      List<String> runs,
      List<String> trials,
      List<String> epochs,
      List<String> quality,
      List<String> quarantine,
      List<String> qualityQuarantined,
      List<String> baselines,
      List<String> ensembles) {

    static Outcome of(Path output, String runId) throws IOException {
      OutputLayout layout = new OutputLayout(output.toString());
      Leaderboard.registerViews(spark, layout, new RunLedger(spark, layout, Duration.ofSeconds(1)));
      String where = " WHERE run_id = '" + runId + "'";
      return new Outcome(
          rows("SELECT concat_ws(' ', status, exit_code) FROM runs" + where),
          rows(
              "SELECT concat_ws(' ', trial_id, status, epochs, best_epoch,"
                  + " to_json(array_sort(map_entries(params))), format_number(val_score, 6), format_number(test_score, 6),"
                  + " size(val_curve)) FROM trials"
                  + where),
          rows(
              "SELECT concat_ws(' ', trial_id, count(*), count(DISTINCT epoch), min(epoch),"
                  + " max(epoch), format_number(sum(val_score), 6)) FROM trial_epochs"
                  + where
                  + " GROUP BY trial_id"),
          rows(
              "SELECT concat_ws(' ', stage, table_name, rule, rows_in, kept, quarantined)"
                  + " FROM data_quality"
                  + where),
          rows(
              "SELECT concat_ws(' ', stage, table_name, rule, count(*)) FROM quarantine"
                  + where
                  + " GROUP BY stage, table_name, rule"),
          rows(
              "SELECT concat_ws(' ', stage, table_name, rule, quarantined) FROM data_quality"
                  + where
                  + " AND quarantined > 0 AND rule != 'all'"),
          rows(
              "SELECT concat_ws(' ', model, to_json(array_sort(map_entries(params))), format_number(val_score, 6))"
                  + " FROM baselines"
                  + where),
          rows(
              "SELECT concat_ws(' ', to_json(members), chosen, format_number(val_score, 6))"
                  + " FROM ensembles"
                  + where));
    }

    private static List<String> rows(String sql) {
      return spark.sql(sql).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }
  }
}
