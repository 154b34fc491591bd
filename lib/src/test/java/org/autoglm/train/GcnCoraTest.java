package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.autoglm.graph.GraphSnapshot;
import org.autoglm.testing.TestDatasets;
import org.junit.jupiter.api.Test;

class GcnCoraTest {
  @Test
  void kipfSettingsReachPublishedAccuracy() {
    GraphSnapshot cora = TestDatasets.coraSnapshot();
    TrainSettings kipf =
        new TrainSettings(
            TrainSettings.ModelKind.GCN,
            16,
            0.5,
            0.01,
            5e-4,
            200,
            200,
            0,
            2,
            "cpu",
            TrainSettings.FeatureNorm.ROW);
    double[] accuracies =
        LongStream.range(0, 5)
            .mapToDouble(
                seed -> {
                  TrainOutcome out = NodeClassificationTrainer.train(cora, kipf.withSeed(seed));
                  System.out.println("seed " + seed + ": " + out);
                  return out.testAccuracy();
                })
            .toArray();
    double mean = java.util.Arrays.stream(accuracies).average().orElseThrow();
    System.out.println("mean " + mean);
    assertThat(mean).isGreaterThanOrEqualTo(0.805);
  }
}
