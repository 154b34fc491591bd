package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {
  private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theLauncherExportsEveryVariableWithItsValueUnlessAlreadySet() throws IOException {
    String script = Files.readString(PROJECT.resolve("bin/native-env.sh"));
    NativeEnvironment.VARIABLES.forEach(
        (name, value) ->
            assertThat(script).contains("export " + name + "=\"${" + name + ":-" + value + "}\""));
  }

  @Test
  void aScoringLauncherExportsTheScoringVariablesAndNotTheTrainingThresholds() throws Exception {
    Map<String, String> scoring = launcherEnvironment("predict");
    NativeEnvironment.SCORING.forEach(
        (name, value) -> assertThat(scoring).containsEntry(name, value));
    assertThat(scoring).doesNotContainKeys("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");
    Map<String, String> training = launcherEnvironment("run");
    NativeEnvironment.VARIABLES.forEach(
        (name, value) -> assertThat(training).containsEntry(name, value));
    assertThat(NativeEnvironment.VARIABLES).containsAllEntriesOf(NativeEnvironment.SCORING);
  }

  /** The environment bin/native-env.sh leaves, sourced for {@code command} in a bare shell. */
  private static Map<String, String> launcherEnvironment(String command) throws Exception {
    ProcessBuilder shell =
        new ProcessBuilder("bash", "-c", "source bin/native-env.sh " + command + " && env -0")
            .directory(PROJECT.toFile());
    shell.environment().keySet().removeAll(NativeEnvironment.VARIABLES.keySet());
    Process process = shell.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    Map<String, String> environment = new HashMap<>();
    for (String entry : out.split("\0")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        environment.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return environment;
  }

  @Test
  void theTestsRunWithEveryVariable() throws IOException {
    String pom = Files.readString(PROJECT.resolve("pom.xml"));
    NativeEnvironment.VARIABLES.forEach(
        (name, value) -> {
          assertThat(pom).contains("<" + name + ">" + value + "</" + name + ">");
          assertThat(System.getenv(name)).as(name).isEqualTo(value);
        });
    assertThat(NativeEnvironment.missingFrom(System.getenv())).isEmpty();
  }

  @Test
  void executorsGetEveryVariableAsASparkExecutorEnvSetting() {
    assertThat(NativeEnvironment.asExecutorEnv())
        .hasSize(NativeEnvironment.VARIABLES.size())
        .containsEntry("spark.executorEnv.MALLOC_ARENA_MAX", "1")
        .containsEntry("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
  }

  @Test
  void missingNamesTheVariablesNotSetInNameOrder() {
    assertThat(NativeEnvironment.missingFrom(Map.of("MALLOC_ARENA_MAX", "4", "HOME", "/root")))
        .containsExactly(
            "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "OPENBLAS_NUM_THREADS");
  }
}
