package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.results.Leaderboard;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.RunStatus;
import org.autoglm.testing.ChildRun;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs sharing one output path: at once, killed, rerun. */
@Tag("slow")
class RunLifecycleTest extends SparkTestBase {
  private static final LocalDate NIGHT = LocalDate.of(2026, 12, 1);

  @TempDir Path output;

  private static String study(String name, int trials, int epochs) {
    return TestConfigs.tinyGraph(2)
        + """
        study: {name: %s, seed: 3}
        search:
          trials: %d
          space:
            lr: {type: float, low: 0.005, high: 0.05, log: true}
        train: {epochs: %d, patience: %d}
        output: {heartbeat_seconds: 1}
        """
            .formatted(name, trials, epochs, epochs);
  }

  @Test
  void runsOfTwoStudiesAndTwoOfOneStudyAtOnceKeepEveryTrialOnceAndOneRunPerStudyAndNight()
      throws Exception {
    List<String> studies = List.of("left", "right", "left");
    ExecutorService pool = Executors.newFixedThreadPool(studies.size());
    List<ByteArrayOutputStream> consoles = new ArrayList<>();
    List<Future<RunAction.Result>> runs = new ArrayList<>();
    try {
      for (String name : studies) {
        ExperimentConfig config = TestConfigs.load(output, study(name, 4, 30));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        consoles.add(console);
        runs.add(pool.submit(() -> new RunAction(spark, config, NIGHT, print(console)).execute()));
      }
      List<String> runIds = new ArrayList<>();
      for (Future<RunAction.Result> run : runs) {
        runIds.add(run.get(5, TimeUnit.MINUTES).provenance().runId());
      }
      RunLedger ledger =
          new RunLedger(spark, new OutputLayout(output.toString()), Duration.ofSeconds(1));
      // The two runs of study left overlapped: the one that completed last stands.
      List<Row> left = ledger.view().filter("study = 'left'").orderBy("ended_at").collectAsList();
      assertThat(left).hasSize(1);
      String standing = left.get(0).getAs("run_id");
      String replaced = standing.equals(runIds.get(0)) ? runIds.get(2) : runIds.get(0);
      String standingConsole =
          consoles.get(standing.equals(runIds.get(0)) ? 0 : 2).toString(StandardCharsets.UTF_8);
      assertThat(standingConsole).contains("this run replaces run(s) " + replaced);
      List<String> kept = List.of(runIds.get(1), standing);

      // Every trial of every standing run once; nothing of one run in another's books.
      List<Row> trials =
          spark
              .read()
              .format("delta")
              .load(output.resolve("trials").toString())
              .groupBy("run_id", "trial_id")
              .count()
              .collectAsList();
      assertThat(trials).hasSize(8).allMatch(r -> r.getLong(2) == 1);
      assertThat(trials).extracting(r -> r.getString(0)).isSubsetOf(kept);
      List<Row> books =
          spark
              .read()
              .format("delta")
              .load(output.resolve("data_quality").toString())
              .groupBy("run_id", "stage", "table_name", "rule")
              .count()
              .collectAsList();
      assertThat(books).allMatch(r -> r.getLong(4) == 1);
      assertThat(books).extracting(r -> r.getString(0)).isSubsetOf(kept);
      assertThat(ledger.view().collectAsList())
          .hasSize(2)
          .allMatch(r -> r.<String>getAs("status").equals(RunStatus.COMPLETED.name()));
      // One of the two runs of study left waited for the other's graph.
      assertThat(
              consoles.get(0).toString(StandardCharsets.UTF_8)
                  + consoles.get(2).toString(StandardCharsets.UTF_8))
          .contains("it is writing the graph of study 'left'");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKilledRunIsAbortedAndItsRerunReplacesItsBooks() throws Exception {
    String yaml = study("nightly", 6, 400);
    Process child =
        new ProcessBuilder(ChildRun.command(output, NIGHT, yaml))
            .redirectErrorStream(true)
            .redirectOutput(output.resolve("child.log").toFile())
            .start();
    RunLedger ledger =
        new RunLedger(spark, new OutputLayout(output.toString()), Duration.ofSeconds(1));
    String killed = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (killed == null && System.nanoTime() < deadline && child.isAlive()) {
      // Kill it while it trains: its graph is ready, its books are written.
      killed =
          ledger.runs("nightly").stream()
              .filter(r -> r.dataFingerprint() != null)
              .map(RunLedger.Run::runId)
              .findFirst()
              .orElse(null);
      Thread.sleep(200);
    }
    assertThat(killed)
        .as("the child run reached training; its log: %s", output.resolve("child.log"))
        .isNotNull();
    child.destroyForcibly().waitFor();
    Thread.sleep(ledger.staleAfter().toMillis() + 1000);

    Row aborted = ledger.view().filter("run_id = '" + killed + "'").first();
    assertThat(aborted.<String>getAs("status")).isEqualTo(RunStatus.ABORTED.name());
    Leaderboard.registerViews(spark, new OutputLayout(output.toString()), ledger);
    assertThat(
            spark
                .sql(
                    "SELECT DISTINCT run_status FROM data_quality WHERE run_id = ?",
                    new Object[] {killed})
                .first()
                .getString(0))
        .isEqualTo(RunStatus.ABORTED.name());
    long killedBooks =
        spark
            .sql("SELECT count(*) FROM data_quality WHERE run_id = ?", new Object[] {killed})
            .first()
            .getLong(0);
    assertThat(killedBooks).isPositive();

    // The same night again: it replaces the killed run's rows instead of adding to them.
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunAction.Result rerun =
        new RunAction(
                spark, TestConfigs.load(output, study("nightly", 2, 20)), NIGHT, print(console))
            .execute();
    String runId = rerun.provenance().runId();
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("this run replaces run(s) " + killed + " of 2026-12-01");
    Leaderboard.registerViews(spark, new OutputLayout(output.toString()), ledger);
    for (String table : List.of("runs", "trials", "data_quality", "quarantine")) {
      assertThat(
              spark
                  .sql("SELECT count(*) FROM " + table + " WHERE run_id = ?", new Object[] {killed})
                  .first()
                  .getLong(0))
          .as("%s rows of the killed run", table)
          .isZero();
    }
    assertThat(
            spark
                .sql("SELECT count(*) FROM data_quality WHERE run_id = ?", new Object[] {runId})
                .first()
                .getLong(0))
        .isEqualTo(killedBooks);
    assertThat(spark.sql("SELECT status FROM runs").collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(RunStatus.COMPLETED.name());
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
