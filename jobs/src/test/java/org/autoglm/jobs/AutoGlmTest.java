package org.autoglm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoGlmTest {
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
  }

  @Test
  void helpPrintsUsage() {
    assertThat(run("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("run <experiment.yaml>");
  }
}
