package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
