package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.study.TrialResult;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestDatasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped Cora experiment: Kipf and Welling's GCN settings, five seeds, through Spark. */
@Tag("slow")
class CoraEndToEndTest extends SparkTestBase {
  @TempDir Path output;

  @Test
  void kipfGcnReachesPublishedAccuracyOverFiveSeeds() throws IOException {
    Path cora = TestDatasets.cora();
    Path experiment = Path.of("..", "conf", "experiments", "cora.yaml");
    ExperimentConfig config =
        ConfigLoader.load(
            "dev",
            new ConfigLoader.Layer(experiment.toString(), Files.readString(experiment)),
            List.of("data.path=" + cora, "output.path=" + output));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    RunAction.Result result =
        new RunAction(
                spark,
                config,
                LocalDate.of(2026, 11, 22),
                new PrintStream(console, true, StandardCharsets.UTF_8))
            .execute();

    assertThat(result.snapshot().numNodes()).isEqualTo(2708);
    assertThat(result.snapshot().numFeatures()).isEqualTo(1433);
    assertThat(result.snapshot().classNames()).hasSize(7);
    assertThat(result.data().quality())
        .contains(new QualityLedger.Entry("collect", "nodes", "all", 2708, 2708, 0))
        .contains(new QualityLedger.Entry("collect", "split", "all", 1640, 1640, 0));
    assertThat(result.trials()).hasSize(5).allMatch(TrialResult::isComplete);
    double meanTest = result.summary().getAs("mean_test");
    System.out.printf("Cora GCN, 5 seeds: mean test accuracy %.4f%n", meanTest);
    assertThat(meanTest).isGreaterThanOrEqualTo(0.805);
    assertThat(result.summary().<Long>getAs("configurations")).as("five seeds of one").isOne();
  }
}
