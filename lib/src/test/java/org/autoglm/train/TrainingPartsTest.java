package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingPartsTest {
  @Test
  void macroF1AveragesPerClassF1AndRecallIsPerClass() {
    // class 0: tp 2, fn 1, fp 0 -> f1 0.8; class 1: tp 1, fn 0, fp 1 -> f1 2/3; class 2 absent.
    Predictions p = new Predictions(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 3);
    assertThat(p.accuracy()).isEqualTo(0.75);
    assertThat(p.macroF1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-12));
    assertThat(p.classRecall()[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(p.classRecall()[1]).isEqualTo(1.0);
    assertThat(p.classRecall()[2]).isNaN();
  }

  @Test
  void evaluatorsComeByNameIncludingPlugIns() {
    Predictions p = new Predictions(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 3);
    assertThat(Evaluators.named("min_recall").score(p)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Evaluators.named("first_class_precision").score(p)).isEqualTo(1.0);
    assertThatThrownBy(() -> Evaluators.named("f2"))
        .hasMessage(
            "metric 'f2' is not a known evaluator; known: accuracy, first_class_precision,"
                + " macro_f1, min_recall (add one via"
                + " META-INF/services/org.autoglm.train.NodeEvaluator)");
  }

  @ParameterizedTest
  @ValueSource(floats = {0.1f, 0.5f, 0.9f})
  void dropoutMasksDropAtTheRateScaleTheRestAndFollowTheSeed(float rate) {
    int size = 100_001; // odd: the last factor comes from half a draw
    float[] factors = new DropoutMasks(42).factors(size, rate);
    int dropped = 0;
    for (float f : factors) {
      if (f == 0f) {
        dropped++;
      } else {
        assertThat(f).isEqualTo(1f / (1f - rate));
      }
    }
    // Binomial(size, rate): 5 standard deviations either side.
    double spread = 5 * Math.sqrt(size * rate * (1 - rate));
    assertThat((double) dropped).isCloseTo(size * (double) rate, within(spread));
    assertThat(new DropoutMasks(42).factors(size, rate)).containsExactly(factors);
    assertThat(new DropoutMasks(43).factors(size, rate)).isNotEqualTo(factors);
    assertThat(new DropoutMasks(42).factors(size, 0f)).isNull();
  }

  @Test
  void cosineWarmsUpLinearlyThenAnnealsToZero() {
    LearningRateSchedule cosine =
        new LearningRateSchedule(
            TrainSettings.builder()
                .set(TrainSettings::learningRate, 0.1)
                .set(TrainSettings::schedule, TrainSettings.Schedule.COSINE)
                .set(TrainSettings::warmupEpochs, 10)
                .set(TrainSettings::epochs, 110)
                .build());
    assertThat(cosine.rate(1)).isCloseTo(0.01, within(1e-12));
    assertThat(cosine.rate(10)).isCloseTo(0.1, within(1e-12));
    assertThat(cosine.rate(11)).isCloseTo(0.1, within(1e-12));
    assertThat(cosine.rate(61)).isCloseTo(0.05, within(1e-12));
    assertThat(cosine.rate(110)).isLessThan(1e-4);
  }

  @Test
  void stepAndPlateauDecayByTheFactor() {
    TrainSettings.Builder base =
        TrainSettings.builder()
            .set(TrainSettings::learningRate, 0.1)
            .set(TrainSettings::stepEpochs, 3)
            .set(TrainSettings::decayFactor, 0.5);
    LearningRateSchedule step =
        new LearningRateSchedule(
            base.set(TrainSettings::schedule, TrainSettings.Schedule.STEP).build());
    assertThat(step.rate(3)).isEqualTo(0.1);
    assertThat(step.rate(4)).isCloseTo(0.05, within(1e-12));
    LearningRateSchedule plateau =
        new LearningRateSchedule(
            base.set(TrainSettings::schedule, TrainSettings.Schedule.PLATEAU).build());
    plateau.observe(0.5);
    plateau.observe(0.5);
    plateau.observe(0.5);
    assertThat(plateau.rate(4)).isEqualTo(0.1);
    plateau.observe(0.5);
    assertThat(plateau.rate(5)).isCloseTo(0.05, within(1e-12));
  }

  @Test
  @SuppressWarnings("try") // the scope records the graph; nothing calls it
  void clippingScalesAllGradientsToTheGlobalNorm() {
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1f, 1f});
            NDArray b = manager.create(new float[] {1f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              // gradients: a -> (3, 0), b -> (4): global norm 5
              NDArray loss = a.mul(manager.create(new float[] {3f, 0f})).sum().add(b.mul(4f).sum());
              backward(loss);
            }
            double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
            assertThat(norm).isCloseTo(5.0, within(1e-6));
            assertThat(a.getGradient().toFloatArray()[0]).isCloseTo(0.6f, within(1e-5f));
            assertThat(b.getGradient().toFloatArray()[0]).isCloseTo(0.8f, within(1e-5f));
          }
          return null;
        });
  }

  @Test
  void hostArraysOwnTheirValuesThoughTheStagingBufferIsReused() {
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            NDArray first =
                HostArrays.floats(manager, new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2));
            NDArray second = HostArrays.floats(manager, new float[] {9f, 8f}, new Shape(2));
            assertThat(first.getShape()).isEqualTo(new Shape(2, 2));
            assertThat(first.toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
            assertThat(second.toFloatArray()).containsExactly(9f, 8f);
          }
          return null;
        });
  }

  @Test
  void aHostArrayLargerThanAThreadKeepsLeavesNoDirectMemoryBehind() {
    BufferPoolMXBean direct =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct"))
            .findFirst()
            .orElseThrow();
    float[] features = new float[6 << 20]; // 24 MB: staged in a buffer of its own
    features[features.length - 1] = 7f;
    long[] edges = new long[3 << 20]; // 24 MB
    edges[1] = 5L;
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            long before = direct.getMemoryUsed();
            for (int batch = 0; batch < 8; batch++) {
              try (NDArray x = HostArrays.floats(manager, features, new Shape(features.length));
                  NDArray e = HostArrays.longs(manager, edges, new Shape(2, edges.length / 2))) {
                assertThat(x.getFloat(features.length - 1)).isEqualTo(7f);
                assertThat(e.getLong(0, 1)).isEqualTo(5L);
              }
            }
            // Left to the GC, eight batches would hold 384 MB of staging buffers here.
            assertThat(direct.getMemoryUsed() - before).isLessThan(1 << 20);
          }
          return null;
        });
  }

  @Test
  void aCorruptCheckpointSaysWhereItCameFrom() {
    assertThatThrownBy(() -> Checkpoint.fromBytes(new byte[] {1, 2, 3, 4, 5}, "ckpt/trial-7.bin"))
        .hasMessage("ckpt/trial-7.bin is not an Open-AutoGLM checkpoint");
  }

  /** Backpropagates a scalar, as a gradient collector would. */
  private static void backward(NDArray target) {
    JniUtils.backward((PtNDArray) target, (PtNDArray) target.onesLike(), false, false);
  }
}
