package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.autoglm.testing.TwoRings;
import org.autoglm.train.GraphSnapshot.Split;
import org.junit.jupiter.api.Test;

class NodeClassificationTrainerTest {
  private static GraphSnapshot twoRings() {
    return TwoRings.graph();
  }

  private static TrainSettings settings(double lr, double dropout, int epochs, long seed) {
    return TrainSettings.builder()
        .set(TrainSettings::hidden, 8)
        .set(TrainSettings::dropout, dropout)
        .set(TrainSettings::learningRate, lr)
        .set(TrainSettings::epochs, epochs)
        .set(TrainSettings::patience, epochs)
        .set(TrainSettings::seed, seed)
        .set(TrainSettings::featureNorm, TrainSettings.FeatureNorm.NONE)
        .build();
  }

  @Test
  void learnsClassesThroughTheGraph() {
    TrainOutcome outcome = NodeClassificationTrainer.train(twoRings(), settings(0.05, 0, 100, 1));
    assertThat(outcome.diverged()).isFalse();
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.9);
    assertThat(outcome.epochsRun()).isEqualTo(100);
  }

  @Test
  void sameSeedGivesTheSameResultToTheLastDigit() {
    GraphSnapshot graph = twoRings();
    TrainOutcome first = NodeClassificationTrainer.train(graph, settings(0.05, 0.5, 60, 7));
    TrainOutcome second = NodeClassificationTrainer.train(graph, settings(0.05, 0.5, 60, 7));
    assertThat(second.valAccuracy()).isEqualTo(first.valAccuracy());
    assertThat(second.testAccuracy()).isEqualTo(first.testAccuracy());
    assertThat(second.bestEpoch()).isEqualTo(first.bestEpoch());
  }

  /**
   * With label smoothing s a training node's loss is lowest where its label gets 1 - s + s/C of the
   * probability (0.8 here), not 1: the trained model is markedly less sure of its training nodes.
   */
  @Test
  void labelSmoothingKeepsTheTrainingNodesBelowFullConfidence() {
    GraphSnapshot graph = twoRings();
    double sharp = meanLabelProbability(graph, settings(0.05, 0, 150, 2));
    TrainSettings smoothed =
        settings(0.05, 0, 150, 2).toBuilder().set(TrainSettings::labelSmoothing, 0.4).build();
    double smooth = meanLabelProbability(graph, smoothed);
    assertThat(sharp).isGreaterThan(0.95);
    assertThat(smooth).isLessThan(sharp - 0.05).isLessThan(0.9);
  }

  private static double meanLabelProbability(GraphSnapshot graph, TrainSettings settings) {
    TrainRun run = NodeClassificationTrainer.run(graph, settings, EpochCheck.NEVER, null);
    float[][] probabilities =
        NodeClassificationTrainer.classProbabilities(graph, settings, run.checkpoint());
    int[] train = graph.labelledNodes(Split.TRAIN);
    double sum = 0;
    for (int node : train) {
      sum += probabilities[node][graph.label(node)];
    }
    return sum / train.length;
  }

  @Test
  void absurdLearningRateDivergesAndSaysSo() {
    TrainOutcome outcome = NodeClassificationTrainer.train(twoRings(), settings(1e30, 0, 50, 3));
    assertThat(outcome.diverged()).isTrue();
    assertThat(outcome.epochsRun()).isLessThan(50);
  }

  @Test
  void everyEpochReportsItsLossesRateGradientNormAndTime() {
    TrainSettings cosine =
        settings(0.05, 0, 40, 5).toBuilder()
            .set(TrainSettings::schedule, TrainSettings.Schedule.COSINE)
            .set(TrainSettings::warmupEpochs, 4)
            .build();
    List<EpochRecord> epochs = new ArrayList<>();
    TrainOutcome outcome =
        NodeClassificationTrainer.train(twoRings(), cosine, recording(epochs, true));

    assertThat(epochs).extracting(EpochRecord::epoch).containsExactly(range(1, 40));
    assertThat(epochs.get(0).learningRate()).isEqualTo(0.05 / 4);
    assertThat(epochs.get(3).learningRate()).isEqualTo(0.05);
    assertThat(epochs.get(39).learningRate()).isLessThan(0.001);
    assertThat(epochs.get(39).trainLoss()).isLessThan(epochs.get(0).trainLoss() / 2);
    assertThat(epochs).allSatisfy(e -> assertThat(e.gradientNorm()).isPositive().isFinite());
    assertThat(epochs).allSatisfy(e -> assertThat(e.seconds()).isPositive());
    EpochRecord best = epochs.get(outcome.bestEpoch() - 1);
    assertThat(best.valScore()).isEqualTo(outcome.best().valScore());
    assertThat(best.valLoss()).isEqualTo(outcome.best().valLoss());

    List<EpochRecord> unmeasured = new ArrayList<>();
    NodeClassificationTrainer.train(twoRings(), cosine, recording(unmeasured, false));
    assertThat(unmeasured).allSatisfy(e -> assertThat(e.gradientNorm()).isNaN());
    // Measuring the norm does not change training.
    assertThat(unmeasured)
        .extracting(EpochRecord::trainLoss)
        .isEqualTo(epochs.stream().map(EpochRecord::trainLoss).toList());
  }

  private static EpochCheck recording(List<EpochRecord> into, boolean norms) {
    return new EpochCheck() {
      @Override
      public boolean stopAfter(EpochRecord epoch) {
        into.add(epoch);
        return false;
      }

      @Override
      public boolean wantsGradientNorm() {
        return norms;
      }
    };
  }

  private static Integer[] range(int from, int to) {
    Integer[] values = new Integer[to - from + 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return values;
  }
}
