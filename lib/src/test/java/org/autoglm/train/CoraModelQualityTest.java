package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.autoglm.testing.TestDatasets;
import org.autoglm.train.TrainSettings.Activation;
import org.autoglm.train.TrainSettings.DecayScope;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model zoo on real Cora with the Planetoid split and each paper's settings: mean test accuracy
 * at the best validation epoch over seeds 0 to n-1 must reach the published level, and the runs
 * must fit the model's time budget (about three times what they take on an idle 2-core machine).
 *
 * <p>The costly models run fewer seeds, each with a bound that ten seeds justify (per-seed
 * accuracies printed, BENCHMARKS.md): GAT 3 seeds against 81.5 (ten seeds: mean 82.52, lowest 81.2,
 * so a mean of three sits about 0.45 points from the ten-seed mean one time in three); APPNP 3 and
 * GCNII 2 against the ten-seed bounds, no single seed of ten below them (lowest 82.4 and 83.6);
 * JKNet 5 against 79.2 (ten seeds: mean 80.23, lowest 78.6). GCN, SAGE, SGC and MLP take under 20 s
 * for ten seeds and keep them.
 */
@Tag("slow")
class CoraModelQualityTest {
  private static GraphSnapshot cora;

  @BeforeAll
  static void load() {
    cora = TestDatasets.coraSnapshot();
  }

  static Stream<Arguments> models() {
    TrainSettings.Builder kipf = TrainSettings.builder().set(TrainSettings::threads, 2);
    return Stream.of(
        Arguments.of(
            "gcn", kipf.set(TrainSettings::model, ModelKind.GCN).build(), 0.810, 1.0, 180, 10),
        Arguments.of(
            "gat",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.GAT)
                .set(TrainSettings::hidden, 8)
                .set(TrainSettings::heads, 8)
                .set(TrainSettings::outputHeads, 1)
                .set(TrainSettings::dropout, 0.6)
                .set(TrainSettings::attentionDropout, 0.6)
                .set(TrainSettings::activation, Activation.ELU)
                .set(TrainSettings::learningRate, 0.005)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .set(TrainSettings::epochs, 1000)
                .set(TrainSettings::patience, 100)
                .build(),
            0.815,
            1.0,
            240,
            3),
        Arguments.of(
            "sage",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.SAGE)
                .set(TrainSettings::hidden, 64)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .build(),
            0.790,
            1.0,
            300,
            10),
        Arguments.of(
            "sgc",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.SGC)
                .set(TrainSettings::hops, 2)
                .set(TrainSettings::dropout, 0)
                .set(TrainSettings::learningRate, 0.2)
                .set(TrainSettings::weightDecay, 5e-5)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .set(TrainSettings::epochs, 100)
                .build(),
            0.800,
            1.0,
            180,
            10),
        Arguments.of(
            "mlp",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.MLP)
                .set(TrainSettings::hidden, 64)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .build(),
            0.55,
            0.62,
            180,
            10),
        // Klicpera et al. (2019) on the Planetoid split, as GCNII's paper reports it: 83.3.
        Arguments.of(
            "appnp",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.APPNP)
                .set(TrainSettings::hidden, 64)
                .set(TrainSettings::hops, 10)
                .set(TrainSettings::alpha, 0.1)
                .set(TrainSettings::weightDecay, 5e-3)
                .set(TrainSettings::epochs, 1000)
                .build(),
            0.823,
            1.0,
            240,
            3),
        // Chen et al. (2020), 16 layers: 84.6 (85.5 at 64 layers, four times the cost).
        Arguments.of(
            "gcnii",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.GCNII)
                .set(TrainSettings::layers, 16)
                .set(TrainSettings::hidden, 64)
                .set(TrainSettings::dropout, 0.6)
                .set(TrainSettings::alpha, 0.1)
                .set(TrainSettings::lambda, 0.5)
                .set(TrainSettings::weightDecay, 5e-4)
                .set(TrainSettings::convWeightDecay, 0.01)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .set(TrainSettings::epochs, 1500)
                .build(),
            0.836,
            1.0,
            240,
            2),
        // Xu et al. (2018) with 4 layers, concatenated, as GCNII's paper reports it: 80.2.
        Arguments.of(
            "jknet",
            TrainSettings.builder()
                .set(TrainSettings::threads, 2)
                .set(TrainSettings::model, ModelKind.JKNET)
                .set(TrainSettings::layers, 4)
                .set(TrainSettings::hidden, 64)
                .set(TrainSettings::jumpingKnowledge, TrainSettings.JumpingKnowledge.CONCAT)
                .set(TrainSettings::decayScope, DecayScope.ALL)
                .set(TrainSettings::epochs, 400)
                .build(),
            0.792,
            1.0,
            120,
            5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void reachesThePublishedAccuracy(
      String name, TrainSettings base, double low, double high, int budgetSeconds, int seeds) {
    long started = System.nanoTime();
    double[] accuracy = new double[seeds];
    double[] seconds = new double[seeds];
    double[] stepMillis = new double[seeds];
    for (int seed = 0; seed < seeds; seed++) {
      TrainOutcome outcome =
          NodeClassificationTrainer.train(
              cora, base.toBuilder().set(TrainSettings::seed, seed).build());
      assertThat(outcome.diverged()).isFalse();
      accuracy[seed] = outcome.testAccuracy();
      seconds[seed] = outcome.trainSeconds();
      stepMillis[seed] = outcome.medianStepMillis();
    }
    double mean = Arrays.stream(accuracy).average().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "[cora] %-4s mean test accuracy %.2f %% (min %.1f, max %.1f) over %d seeds;"
            + " %.2f s per run, %.2f ms per step; by seed %s%n",
        name,
        100 * mean,
        100 * Arrays.stream(accuracy).min().orElseThrow(),
        100 * Arrays.stream(accuracy).max().orElseThrow(),
        seeds,
        Arrays.stream(seconds).average().orElseThrow(),
        Arrays.stream(stepMillis).average().orElseThrow(),
        Arrays.stream(accuracy)
            .mapToObj(a -> String.format(Locale.ROOT, "%.1f", 100 * a))
            .toList());
    assertThat(mean).isBetween(low, high);
    double elapsed = (System.nanoTime() - started) / 1e9;
    assertThat(elapsed)
        .as("%s: %d runs took %.0f s against a budget of %d s", name, seeds, elapsed, budgetSeconds)
        .isLessThan(budgetSeconds);
  }
}
