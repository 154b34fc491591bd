package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.autoglm.testing.ChildRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf/log4j2-json.properties} on a real run in a JVM of its own: every log line is a JSON
 * object, and the lines executor task threads write while training a trial name its study, run,
 * trial and stage.
 */
@Tag("slow")
class StructuredLogTest {
  private static final String STUDY =
      """
      study: {name: logged, seed: 5}
      data:
        source: synthetic
        synthetic: {nodes: 200, classes: 3, features: 40, words_per_node: 6, avg_degree: 5,
                    homophily: 0.9, feature_signal: 0.5, partitions: 2}
      search:
        trials: 3
        parallelism: 2
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
      train: {epochs: 10, patience: 10}
      """;

  @TempDir Path output;

  @Test
  void everyLineIsJsonAndExecutorLinesNameTheirTrial() throws Exception {
    List<String> command =
        ChildRun.command(
            output,
            LocalDate.of(2026, 11, 23),
            STUDY,
            "-Dlog4j2.configurationFile="
                + Path.of("../conf/log4j2-json.properties").toAbsolutePath().normalize());
    Path stderr = output.resolve("stderr.log");
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(output.resolve("stdout.log").toFile())
            .redirectError(stderr.toFile())
            .start();
    assertThat(child.waitFor(4, TimeUnit.MINUTES)).as("the child run ended").isTrue();
    assertThat(child.exitValue()).as("child exit; its log: %s", stderr).isZero();

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stderr)) {
      if (line.startsWith("[W")) {
        continue; // PyTorch's native warnings bypass the JVM's logging
      }
      lines.add(json.readTree(line)); // throws on a line that is not one JSON object
    }
    String runId =
        lines.stream()
            .filter(l -> l.get("message").asText().contains("started"))
            .map(l -> l.get("run").asText())
            .findFirst()
            .orElseThrow();
    assertThat(runId).startsWith("2026-11-23-");
    for (int trial = 0; trial < 3; trial++) {
      String id = String.valueOf(trial);
      List<JsonNode> executor =
          lines.stream()
              .filter(l -> l.get("thread").asText().startsWith("Executor task launch worker"))
              .filter(l -> l.get("trial").asText().equals(id))
              .toList();
      assertThat(executor).as("executor lines of trial %s", id).hasSize(2);
      assertThat(executor)
          .allSatisfy(
              l -> {
                assertThat(l.get("study").asText()).isEqualTo("logged");
                assertThat(l.get("run").asText()).isEqualTo(runId);
                assertThat(l.get("stage").asText()).isEqualTo("tune");
                assertThat(l.get("task").asText()).startsWith("task ");
              });
      assertThat(executor.get(1).get("message").asText()).startsWith("trial " + id + " COMPLETE");
    }
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l.get("message").asText()).startsWith("run " + runId + " COMPLETED"));
  }
}
