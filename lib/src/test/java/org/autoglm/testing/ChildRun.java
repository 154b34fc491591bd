package org.autoglm.testing;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;

/**
 * A run in a JVM of its own, for tests that kill it: {@code ChildRun <output> <run-date> <yaml>
 * [resume-run-id]}; with the system property {@value KillPoint#PROPERTY} it kills itself there.
 */
public final class ChildRun {
  private ChildRun() {}

  /** The command that runs {@code yaml}'s study into {@code output} in a new JVM. */
  public static List<String> command(
      Path output, LocalDate runDate, String yaml, String... jvmOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(System.getProperty("autoglm.javaOpens", "").split(" ")));
    command.removeIf(String::isBlank);
    command.add("-Xmx1g");
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ChildRun.class.getName(),
            output.toString(),
            runDate.toString(),
            yaml));
    return command;
  }

  /** The command that resumes run {@code runId} (or {@code latest}) of {@code yaml}'s study. */
  public static List<String> resume(
      Path output, LocalDate runDate, String yaml, String runId, String... jvmOptions) {
    List<String> command = command(output, runDate, yaml, jvmOptions);
    command.add(runId);
    return command;
  }

  public static void main(String[] args) {
    SparkSession spark = SparkTestBase.localSession("autoglm-child-run", "ERROR");
    String killAt = System.getProperty(KillPoint.PROPERTY);
    if (killAt != null) {
      spark.sparkContext().addSparkListener(new KillPoint(killAt));
    }
    RunAction run =
        new RunAction(
            spark,
            TestConfigs.load(Path.of(args[0]), args[2]),
            LocalDate.parse(args[1]),
            System.out);
    if (args.length > 3) {
      run.resuming(args[3]);
    }
    run.execute();
    spark.stop();
  }
}
