package org.autoglm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, each command in this JVM on one running SparkContext, as from a
 * notebook: every command takes a session on it and leaves it running.
 */
@Tag("slow")
class AutoGlmTest {
  private static SparkSession context;

  @BeforeAll
  static void startTheContextTheCommandsShare() {
    context = SparkSessions.create("autoglm commands under test", null);
  }

  @AfterAll
  static void stopIt() {
    SparkSessions.release(context);
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new AutoGlm(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void invalidValueExitsTwoNamingFileLineKeyValueAndRule(@TempDir Path dir) throws IOException {
    Path experiment = dir.resolve("bad.yaml");
    Files.writeString(experiment, "study:\n  name: x\nsearch:\n  trials: 0\n");
    assertThat(run("run", experiment.toString())).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "autoglm: invalid configuration:\n  'search.trials' is set to 0 but must be >= 1 ("
                + experiment
                + ":4)\n");
  }

  @Test
  void typoInOverrideSuggestsTheKey() {
    assertThat(run("run", "../conf/experiments/quickstart.yaml", "--set", "serch.trials=3"))
        .isEqualTo(2);
    assertThat(err())
        .contains(
            "unknown key 'serch.trials' (--set serch.trials=3); did you mean 'search.trials'?");
  }

  @Test
  void missingExperimentFileIsNamed() {
    assertThat(run("run", "no/such/experiment.yaml")).isEqualTo(2);
    assertThat(err())
        .startsWith("autoglm: experiment file 'no/such/experiment.yaml' does not exist");
  }

  @Test
  void usageErrorsExitTwoWithTheUsage() {
    assertThat(run("train")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: unknown command 'train'\nusage: autoglm <command>");
    err.reset();
    assertThat(run("run", "x.yaml", "--run-date", "yesterday")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: --run-date 'yesterday' must be a date like 2026-11-22");
    err.reset();
    assertThat(run("sql", "SELECT 1", "--resume", "latest")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: --resume continues a run; it does not apply to sql");
    err.reset();
    assertThat(run("compare", "x.yaml", "--top", "0")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: --top '0' must be a whole number >= 1");
    err.reset();
    assertThat(run("sql", "SELECT 1", "--runs", "a,b")).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "autoglm: --runs, --studies and --reference choose what compare compares; they do"
                + " not apply to sql");
    err.reset();
    assertThat(run("report", "x.yaml", "--log-format", "xml")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: --log-format 'xml' must be text or json");
  }

  @Test
  void helpPrintsUsage() {
    assertThat(run("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("run <experiment.yaml>");
  }

  @Test
  void anEmptyOrBinaryExperimentFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "# nothing yet\n\n");
    assertThat(run("run", empty.toString())).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "autoglm: experiment file '"
                + empty
                + "' is empty: it would run the defaults; give it at least a study name, e.g."
                + " 'study: {name: mine}'\n");
    err.reset();
    Path binary = dir.resolve("model.yaml");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff});
    assertThat(run("run", binary.toString())).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: experiment file '" + binary + "' is not UTF-8 text");
  }

  /** A small synthetic study under {@code dir}, with {@code yaml} added. */
  private static Path study(Path dir, String yaml) throws IOException {
    Path experiment = dir.resolve("study.yaml");
    Files.writeString(
        experiment,
        """
        study: {name: codes}
        data:
          synthetic: {nodes: 200, classes: 2, features: 20, words_per_node: 4, partitions: 2}
        search:
          trials: 2
          space:
            hidden: 8
        train: {epochs: 5, patience: 5}
        output: {path: %s}
        """
                .formatted(dir.resolve("out"))
            + yaml);
    return experiment;
  }

  @Test
  void exitCodesTellDataErrorsFromStudiesWhereNoTrialCompleted(@TempDir Path dir)
      throws IOException {
    Path noTraining = study(dir, "split: {method: random, train_fraction: 0.0}\n");
    assertThat(run("run", noTraining.toString())).isEqualTo(3);
    assertThat(err())
        .startsWith("autoglm: data error: the graph has no labelled training nodes")
        .doesNotContain("\tat ");

    err.reset();
    Path diverging = study(dir, "");
    assertThat(run("run", diverging.toString(), "--set", "search.space.lr=1.0e30")).isEqualTo(4);
    assertThat(err())
        .isEqualTo(
            "autoglm: no trial completed: every trial failed (their errors are in the trials"
                + " table's error column)\n");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  FAILED  ")
        .contains("       error: diverged: the loss became NaN or infinite");

    err.reset();
    String output = dir.resolve("out").toString();
    assertThat(
            run(
                "sql",
                "SELECT status, exit_code FROM runs ORDER BY started_at",
                "--output",
                output))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("|FAILED|3        |")
        .contains("|FAILED|4        |");
    assertThat(run("sql", "SELECT nope FROM trials", "--output", output)).isEqualTo(2);
    assertThat(err())
        .startsWith("autoglm: the query does not run: ")
        .contains("nope")
        .doesNotContain("usage:")
        .doesNotContain("\tat ");
    err.reset();
    assertThat(run("sql", "SELECT 1", "--output", dir.resolve("nothing").toString())).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: no result tables under ");
  }

  @Test
  void theGateExitsFiveWhenTheNewModelIsWorseAndRecordsItsVerdict(@TempDir Path dir)
      throws IOException {
    Path experiment = study(dir, "");
    assertThat(runNight(experiment, "2026-11-30", "0.05")).isZero();
    assertThat(run("gate", experiment.toString())).isZero();
    assertThat(context.sparkContext().isStopped())
        .as("a command leaves the context it borrowed running")
        .isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[autoglm] gate: run ")
        .contains("no earlier completed run to compare with: passes");

    // The next night learns almost nothing: its chosen model falls far below the last night's.
    assertThat(runNight(experiment, "2026-12-01", "1.0e-7")).isZero();
    err.reset();
    assertThat(run("gate", experiment.toString())).isEqualTo(5);
    assertThat(err())
        .startsWith("autoglm: gate: run ")
        .contains("against")
        .contains("of the last completed run")
        .contains(": REGRESSED by ");
    out.reset();
    assertThat(
            run(
                "sql",
                "SELECT verdict FROM gates ORDER BY decided_at",
                "--output",
                dir.resolve("out").toString()))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .containsSubsequence("NO_BASELINE", "REGRESSED");
    err.reset();
    assertThat(run("gate", experiment.toString(), "--run", "2026-01-01-nosuch")).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: study 'codes' has no completed run '2026-01-01-nosuch'");
  }

  @Test
  void theGateScoresTheSavedModelWhichWithReevaluationIsTheChosenConfigurationsSeeds(
      @TempDir Path dir) throws IOException {
    Path experiment = study(dir, "");
    String[] reevaluated = {
      "--set",
      "search.trials=3",
      "--set",
      "search.reevaluate.top=1",
      "--set",
      "search.reevaluate.seeds=1"
    };
    assertThat(run(with(reevaluated, "run", experiment.toString()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("seeds soft-voted, the study's pick")
        .containsPattern(
            "Where the time went: JVM start [0-9.]+ s · .*data [0-9.]+ s · .*trials [0-9.]+ s · .*"
                + " — [0-9.]+ s in all, trials [0-9]+%");
    assertThat(run("gate", experiment.toString())).isZero();
    out.reset();
    assertThat(
            run(
                "sql",
                "SELECT g.value = e.val_score AS same FROM gates g JOIN ensembles e USING (run_id)"
                    + " WHERE e.chosen",
                "--output",
                dir.resolve("out").toString()))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("true").doesNotContain("false");
  }

  /**
   * {@code run} of the experiment for one night, training 30 epochs at learning rate {@code lr}.
   */
  private int runNight(Path experiment, String date, String lr) {
    return run(
        "run",
        experiment.toString(),
        "--run-date",
        date,
        "--set",
        "search.space.lr=" + lr,
        "--set",
        "train.epochs=30",
        "--set",
        "train.patience=30");
  }

  private static String[] with(String[] more, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  @Test
  void aSecondNightWarmStartsFromTheFirstIsGatedAndPublishesItsModel(@TempDir Path dir)
      throws IOException {
    Path experiment = study(dir, "");
    String[] night = {
      "--set", "search.trials=3",
      "--set", "search.space.lr={type: float, low: 0.005, high: 0.05, log: true}",
      "--set", "train.epochs=20",
      "--set", "train.patience=20",
      "--set", "gate.tolerance=0.5"
    };
    assertThat(run(with(night, "nightly", experiment.toString(), "--run-date", "2026-11-30")))
        .isZero();
    String first = out.toString(StandardCharsets.UTF_8);
    assertThat(first)
        .contains("[autoglm] warm start: no earlier completed run of the study; a cold start")
        .contains("no earlier completed run to compare with: passes")
        .contains("[autoglm] published the chosen model to ")
        .as("a mean over a search's different configurations says nothing")
        .doesNotContain("test accuracy over complete trials");
    out.reset();
    assertThat(run(with(night, "nightly", experiment.toString(), "--run-date", "2026-12-01")))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "[autoglm] warm start from 1 earlier run(s): their 3 best configuration(s) first, 3"
                + " earlier trial(s) told to the sampler")
        .contains("of the last completed run")
        .contains(": PASSED");
    Path models = dir.resolve("out/models/codes");
    assertThat(Files.readString(models.resolve("current/model.properties")))
        .contains("run_date=2026-12-01");
    assertThat(Files.readString(models.resolve("previous/model.properties")))
        .contains("run_date=2026-11-30");
    assertThat(models.resolve("current/model.ckpt")).isNotEmptyFile();

    // Night 2's first trial is night 1's best configuration.
    out.reset();
    assertThat(
            run(
                "sql",
                "SELECT t.run_date, t.params['lr'] FROM trials t JOIN gates g USING (run_id)"
                    + " WHERE t.trial_id = 0 OR (t.run_date = DATE'2026-11-30'"
                    + " AND t.val_score = (SELECT max(val_score) FROM trials"
                    + " WHERE run_date = DATE'2026-11-30')) ORDER BY t.run_date, t.trial_id",
                "--output",
                dir.resolve("out").toString()))
        .isZero();
    List<String> lr =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("|2026-12-01"))
            .map(l -> l.split("\\|")[2])
            .toList();
    assertThat(lr).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("|2026-11-30|" + lr.get(0) + "|");

    // The two nights: a report of the latest, and the comparison.
    out.reset();
    Path page = dir.resolve("night2.html");
    assertThat(run(with(night, "report", experiment.toString(), "--out", page.toString())))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("[autoglm] report of run 2026-12-01-")
        .contains("(COMPLETED, 3 trials): " + page);
    assertThat(Files.readString(page)).contains("Against the study's other runs");
    out.reset();
    assertThat(run(with(night, "compare", experiment.toString(), "--top", "2"))).isZero();
    List<String> table = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(table.get(0)).startsWith("Comparison (top_k = the best 2 trials");
    assertThat(table)
        .anyMatch(l -> l.matches("codes +2026-11-30-\\w+ \\* +top_k_val_score +2 .*"))
        .anyMatch(l -> l.matches("codes +2026-12-01-\\w+ +top_k_val_score +2 .*"));
    err.reset();
    assertThat(run(with(night, "compare", experiment.toString(), "--runs", "nope,other")))
        .isEqualTo(2);
    assertThat(err()).startsWith("autoglm: study 'codes' has no run 'nope'; its runs are [");
    err.reset();
    assertThat(run(with(night, "report", experiment.toString(), "--run", "nope"))).isEqualTo(2);
    assertThat(err()).startsWith("autoglm: study 'codes' has no run 'nope'; its runs are [");

    // The published model scores every node of the clean graph into the predictions table.
    out.reset();
    assertThat(run("predict", experiment.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("[autoglm] predicted 200 nodes of codes with " + models.resolve("current"));
    out.reset();
    assertThat(
            run(
                "sql",
                "SELECT count(*), count(DISTINCT node_id), min(size(probabilities)),"
                    + " min(model_run_id LIKE '2026-12-01-%') FROM predictions",
                "--output",
                dir.resolve("out").toString()))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("|200     |200                    |2");
    err.reset();
    assertThat(run("predict", experiment.toString(), "--model", dir.resolve("none").toString()))
        .isEqualTo(3);
    assertThat(err())
        .startsWith("autoglm: data error: no saved model at " + dir.resolve("none"))
        .contains("point --model at a run's models/<study>/runs/<run_id> folder");
    err.reset();
    assertThat(run("run", experiment.toString(), "--model", "m")).isEqualTo(2);
    assertThat(err())
        .startsWith("autoglm: --model names the model predict uses; it does not apply to run");
  }
}
