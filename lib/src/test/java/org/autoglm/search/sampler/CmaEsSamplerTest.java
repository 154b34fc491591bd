package org.autoglm.search.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CmaEsSamplerTest {
  @Test
  void aGenerationIsAWholeNumberOfBatchesOrAnEqualShareOfOne() {
    // Default populations: 6 in 2-d, 8 in 4-d, 9 in 6-d, 15 in 50-d.
    assertThat(new CmaEsSampler(1, true, 1).initialLambda(2)).isEqualTo(6);
    assertThat(new CmaEsSampler(1, true, 8).initialLambda(6)).isEqualTo(8);
    assertThat(new CmaEsSampler(1, true, 8).initialLambda(4)).isEqualTo(8);
    assertThat(new CmaEsSampler(1, true, 4).initialLambda(50)).isEqualTo(16);
    assertThat(new CmaEsSampler(1, true, 3).initialLambda(6)).isEqualTo(9);
    // A batch above the default is split into the fewest generations no larger than it.
    assertThat(new CmaEsSampler(1, true, 8).initialLambda(2)).isEqualTo(4);
    assertThat(new CmaEsSampler(1, true, 16).initialLambda(2)).isEqualTo(6);
    assertThat(new CmaEsSampler(1, true, 32).initialLambda(6)).isEqualTo(8);
  }

  @Test
  void theBestPointOfTheRunStaysInTheRecombination() {
    CmaEs run = new CmaEs(new double[] {0.5, 0.5}, 1.0 / 6, 4, new double[2]);
    run.tell(
        List.of(point(0.6, 0.6), point(0.5, 0.4), point(0.4, 0.5), point(0.4, 0.4)),
        new double[] {0, 5, 6, 7});
    // A generation worse everywhere than (0.6, 0.6), all of it at x <= 0.45.
    List<double[]> worse =
        List.of(point(0.45, 0.45), point(0.4, 0.45), point(0.45, 0.4), point(0.4, 0.4));
    double[] losses = {1, 2, 3, 4};
    CmaEs freshRun = new CmaEs(run.mean(), 1.0 / 6, 4, new double[2]);

    run.tell(worse, losses);
    freshRun.tell(worse, losses);

    // Only the injected best point can carry the mean beyond the generation's own points.
    assertThat(run.mean()[0]).isGreaterThan(0.5);
    assertThat(freshRun.mean()[0]).isLessThanOrEqualTo(0.45);
  }

  private static double[] point(double x, double y) {
    return new double[] {x, y};
  }

  @Test
  void aBatchBelowOneIsRefused() {
    assertThatThrownBy(() -> new CmaEsSampler(1, true, 0))
        .hasMessage("batch is 0 but must be at least 1");
  }
}
