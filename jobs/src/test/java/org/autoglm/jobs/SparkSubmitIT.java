package org.autoglm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the built jar as spark-submit does: spark-submit's own main class, a classpath of nothing
 * but Spark's jars, our jar as the application jar. Passing proves nothing the job needs is missing
 * from the jar.
 */
class SparkSubmitIT {
  @TempDir Path work;

  @Test
  void quickstartRunsFromTheApplicationJar() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("autoglm.root"));
    String jar = System.getProperty("autoglm.jar");
    String sparkClasspath =
        Files.readString(Path.of(System.getProperty("autoglm.sparkClasspath"))).trim();
    Path output = work.resolve("out");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("autoglm.javaOpens", "").split(" ")));
    command.removeIf(String::isBlank);
    command.addAll(
        List.of(
            "-Xmx2g",
            "-cp",
            sparkClasspath,
            "org.apache.spark.deploy.SparkSubmit",
            "--master",
            "local[2]",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            "--class",
            System.getProperty("autoglm.main"),
            jar,
            "run",
            root.resolve("conf/experiments/quickstart.yaml").toString(),
            "--env",
            "test",
            "--set",
            "search.trials=2",
            "--set",
            "output.path=" + output));
    Path log = work.resolve("spark-submit.log");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("spark-submit finished in time; output:%n%s", printed).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", printed).isZero();
    assertThat(printed).contains("(2 trials: 2 complete, 0 pruned, 0 failed)");
    assertThat(output.resolve("trials/study=quickstart")).isDirectory();
    assertThat(output.resolve("data_quality/study=quickstart")).isDirectory();
  }
}
