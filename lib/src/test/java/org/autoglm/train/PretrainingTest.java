package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.autoglm.testing.TwoRings;
import org.autoglm.train.TrainSettings.ModelKind;
import org.autoglm.train.TrainSettings.Pretrain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PretrainingTest {
  private static final GraphSnapshot RINGS = TwoRings.graph();
  private static final GraphSnapshot WORDS = words();

  /**
   * 150 nodes of 3 classes, each with 6 words of 60 (4 from its class's 20), and 4 edges each, 80 %
   * within the class: nodes differ from one another, as contrastive learning needs (on the rings
   * every node of a ring looks alike).
   */
  private static GraphSnapshot words() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int nodes = 150;
    GraphSnapshot.Builder b = GraphSnapshot.builder(nodes, 60, java.util.List.of("a", "b", "c"));
    int[] labels = new int[nodes];
    for (int node = 0; node < nodes; node++) {
      labels[node] = node % 3;
      java.util.TreeSet<Integer> words = new java.util.TreeSet<>();
      while (words.size() < 6) {
        words.add(words.size() < 4 ? labels[node] * 20 + random.nextInt(20) : random.nextInt(60));
      }
      float[] ones = new float[words.size()];
      java.util.Arrays.fill(ones, 1f);
      GraphSnapshot.Split split =
          node < 30
              ? GraphSnapshot.Split.TRAIN
              : node < 60 ? GraphSnapshot.Split.VAL : GraphSnapshot.Split.TEST;
      b.addNode(labels[node], split, words.stream().mapToInt(Integer::intValue).toArray(), ones);
    }
    for (int node = 0; node < nodes; node++) {
      for (int e = 0; e < 4; e++) {
        int other = random.nextInt(nodes);
        if (random.nextDouble() < 0.8) {
          other = (other / 3) * 3 + labels[node];
        }
        if (other != node && other < nodes) {
          b.addEdge(node, other);
        }
      }
    }
    return b.build("words");
  }

  private static TrainSettings.Builder pretrained(Pretrain pretrain) {
    return TrainSettings.builder()
        .set(TrainSettings::model, ModelKind.GCN)
        .set(TrainSettings::hidden, 8)
        .set(TrainSettings::dropout, 0)
        .set(TrainSettings::featureNorm, TrainSettings.FeatureNorm.NONE)
        .set(TrainSettings::pretrain, pretrain)
        .set(TrainSettings::pretrainEpochs, 60)
        .set(TrainSettings::pretrainLr, 0.01)
        .set(TrainSettings::learningRate, 0.05)
        .set(TrainSettings::epochs, 60)
        .set(TrainSettings::patience, 60);
  }

  /** Counts pretrainings; keeps encoders as a study's cache would. */
  private static final class Counting implements EncoderCache {
    final Map<String, float[][]> kept = new HashMap<>();
    final AtomicInteger pretrained = new AtomicInteger();

    @Override
    public float[][] get(String key, java.util.function.Supplier<float[][]> pretrain) {
      return kept.computeIfAbsent(
          key,
          k -> {
            pretrained.incrementAndGet();
            return pretrain.get();
          });
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Pretrain.class,
      names = {"CONTRASTIVE", "MASKED"})
  void aLinearProbeOnThePretrainedEncoderReadsTheRings(Pretrain pretrain) {
    TrainSettings probe = pretrained(pretrain).set(TrainSettings::freezeEncoder, true).build();
    Counting cache = new Counting();
    TrainRun run = NodeClassificationTrainer.run(RINGS, probe, EpochCheck.NEVER, null, cache);
    // Labels never reached the encoder: what it learned from the graph alone separates the rings.
    assertThat(run.outcome().testAccuracy()).isGreaterThanOrEqualTo(0.8);
    // Frozen: the encoder's weights are the pretrained ones, to the last digit.
    float[][] encoder = cache.kept.values().iterator().next();
    for (int i = 0; i < encoder.length; i++) {
      assertThat(run.checkpoint().parameters()[i]).isEqualTo(encoder[i]);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Pretrain.class,
      names = {"CONTRASTIVE", "MASKED"})
  void pretrainingLowersItsObjective(Pretrain pretrain) {
    TrainSettings settings = pretrained(pretrain).set(TrainSettings::dropout, 0.2).build();
    float[] losses =
        DjlRuntime.onThisThread(
            1,
            () -> {
              try (NDManager manager = NDManager.newBaseManager()) {
                GraphTensors tensors = new GraphTensors(manager, WORDS, settings.featureNorm());
                return Pretraining.encoder(manager, tensors, settings).losses();
              }
            });
    assertThat(losses).hasSize(60);
    double first = (losses[0] + losses[1] + losses[2]) / 3;
    double last = (losses[57] + losses[58] + losses[59]) / 3;
    assertThat(last)
        .as("%s loss, first epochs %.4f, last %.4f", pretrain, first, last)
        .isLessThan(0.9 * first);
  }

  @Test
  void trialsThatShareThePretrainingSettingsPretrainOnce() {
    Counting cache = new Counting();
    TrainSettings first = pretrained(Pretrain.CONTRASTIVE).set(TrainSettings::seed, 1).build();
    NodeClassificationTrainer.run(RINGS, first, EpochCheck.NEVER, null, cache);
    // Another seed, learning rate and dropout schedule for fine-tuning: the same encoder.
    NodeClassificationTrainer.run(
        RINGS,
        first.toBuilder()
            .set(TrainSettings::seed, 2)
            .set(TrainSettings::learningRate, 0.02)
            .set(TrainSettings::epochs, 30)
            .build(),
        EpochCheck.NEVER,
        null,
        cache);
    assertThat(cache.pretrained).hasValue(1);
    // Another pretraining setting, or another encoder: pretrained anew.
    NodeClassificationTrainer.run(
        RINGS,
        first.toBuilder().set(TrainSettings::temperature, 0.2).build(),
        EpochCheck.NEVER,
        null,
        cache);
    NodeClassificationTrainer.run(
        RINGS,
        first.toBuilder().set(TrainSettings::hidden, 16).build(),
        EpochCheck.NEVER,
        null,
        cache);
    assertThat(cache.pretrained).hasValue(3);
    assertThat(Pretraining.key(first))
        .isEqualTo(Pretraining.key(first.toBuilder().set(TrainSettings::seed, 9).build()));
    assertThat(Pretraining.key(first))
        .isNotEqualTo(
            Pretraining.key(first.toBuilder().set(TrainSettings::pretrainLr, 0.02).build()));
  }

  @Test
  void aResumedRunDoesNotPretrainAgainAndEndsAsTheUnbrokenOne() {
    TrainSettings settings =
        pretrained(Pretrain.MASKED)
            .set(TrainSettings::dropout, 0.3)
            .set(TrainSettings::epochs, 30)
            .build();
    TrainRun unbroken =
        NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, null, new Counting());
    Counting cache = new Counting();
    TrainRun firstHalf =
        NodeClassificationTrainer.run(RINGS, settings, epoch -> epoch.epoch() == 15, null, cache);
    Counting resumedCache = new Counting();
    TrainRun resumed =
        NodeClassificationTrainer.run(
            RINGS, settings, EpochCheck.NEVER, firstHalf.checkpoint(), resumedCache);
    assertThat(resumedCache.pretrained).hasValue(0);
    assertThat(resumed.checkpoint().parameters()).isDeepEqualTo(unbroken.checkpoint().parameters());
  }

  @Test
  void aModelWithoutAnEncoderCannotPretrain() {
    TrainSettings sgc =
        pretrained(Pretrain.CONTRASTIVE).set(TrainSettings::model, ModelKind.SGC).build();
    assertThatThrownBy(() -> NodeClassificationTrainer.train(RINGS, sgc))
        .hasMessageContaining("'pretrain' needs an encoder")
        .hasMessageContaining("sgc has 1 layer");
  }
}
