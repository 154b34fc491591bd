package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.autoglm.testing.TwoRings;
import org.autoglm.train.TrainSettings.Activation;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelZooTest {
  private static final GraphSnapshot RINGS = TwoRings.graph();

  private static TrainSettings.Builder small(ModelKind model) {
    return TrainSettings.builder()
        .set(TrainSettings::model, model)
        .set(TrainSettings::hidden, 8)
        .set(TrainSettings::heads, 2)
        .set(TrainSettings::learningRate, 0.05)
        .set(TrainSettings::epochs, 100)
        .set(TrainSettings::patience, 100)
        .set(TrainSettings::featureNorm, TrainSettings.FeatureNorm.NONE)
        .set(TrainSettings::activation, model == ModelKind.GAT ? Activation.ELU : Activation.RELU);
  }

  @SuppressWarnings("try") // the scope records the graph; nothing calls it
  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void logitsHaveOneRowPerNodeAndGradientsReachEveryParameter(ModelKind kind) {
    TrainSettings settings =
        small(kind)
            .set(TrainSettings::layers, 3)
            .set(TrainSettings::outputHeads, 2)
            .set(TrainSettings::residual, true)
            .set(TrainSettings::layerNorm, true)
            .build();
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            GraphTensors tensors = new GraphTensors(manager, RINGS, settings.featureNorm());
            GnnModel model = new GnnModel(manager, tensors, settings);
            try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
              NDArray logits = model.forwardTraining(new DropoutMasks(1), EpochAugmentation.NONE);
              assertThat(logits.getShape().getShape()).containsExactly(40L, 2L);
              model.backward(logits.logSoftmax(1).get("0:4").sum().neg());
            }
            for (NDArray p : model.parameters()) {
              assertThat(p.getGradient().abs().sum().getFloat())
                  .as("gradient of a %s parameter shaped %s", kind, p.getShape())
                  .isGreaterThan(0f);
            }
          }
          return null;
        });
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelKind.class,
      names = {"GCN", "SAGE", "GAT", "SGC", "APPNP", "GCNII", "JKNET"})
  void graphModelsReadTheRingsThroughTheGraph(ModelKind kind) {
    TrainOutcome outcome =
        NodeClassificationTrainer.train(RINGS, small(kind).set(TrainSettings::dropout, 0).build());
    assertThat(outcome.testAccuracy()).isGreaterThanOrEqualTo(0.9);
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelKind.class,
      names = {"MLP"})
  void withoutTheGraphOnlyFeaturesAreLeft(ModelKind kind) {
    TrainOutcome outcome =
        NodeClassificationTrainer.train(RINGS, small(kind).set(TrainSettings::dropout, 0).build());
    assertThat(outcome.testAccuracy()).isLessThanOrEqualTo(0.8);
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelKind.class,
      names = {"GCN", "GAT"})
  void aSavedModelPredictsAsItsBestEpochScored(ModelKind kind) {
    TrainSettings settings =
        small(kind).set(TrainSettings::dropout, 0.5).set(TrainSettings::epochs, 40).build();
    TrainRun run = NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, null);
    Checkpoint saved = Checkpoint.fromBytes(run.checkpoint().toBytes(), "in-memory");

    float[][] probabilities = NodeClassificationTrainer.classProbabilities(RINGS, settings, saved);
    assertThat(probabilities).hasNumberOfRows(RINGS.numNodes());
    int[] test = RINGS.labelledNodes(GraphSnapshot.Split.TEST);
    int right = 0;
    for (int node : test) {
      float[] p = probabilities[node];
      assertThat(p[0] + p[1]).isCloseTo(1f, within(1e-5f));
      right += (p[1] > p[0] ? 1 : 0) == RINGS.label(node) ? 1 : 0;
    }
    assertThat((double) right / test.length).isEqualTo(run.outcome().testAccuracy());
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelKind.class,
      names = {"GAT", "SAGE", "APPNP", "GCNII"})
  void sameSeedSameRunToTheLastDigitWithEveryAugmentation(ModelKind kind) {
    TrainSettings settings =
        small(kind)
            .set(TrainSettings::dropout, 0.5)
            .set(TrainSettings::attentionDropout, 0.3)
            .set(TrainSettings::dropEdge, 0.3)
            .set(TrainSettings::featureMask, 0.2)
            .set(TrainSettings::dropNode, 0.1)
            .set(TrainSettings::epochs, 30)
            .build();
    TrainRun first = NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, null);
    TrainRun second = NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, null);
    assertThat(second.checkpoint().parameters()).isDeepEqualTo(first.checkpoint().parameters());
    assertThat(second.outcome().best())
        .usingRecursiveComparison()
        .isEqualTo(first.outcome().best());
  }

  @ParameterizedTest
  @EnumSource(
      value = TrainSettings.OptimizerKind.class,
      names = {"ADAM", "ADAMW", "SGD"})
  void aStoppedRunResumedFromItsCheckpointEndsExactlyAsAnUnbrokenOne(
      TrainSettings.OptimizerKind optimizer) {
    TrainSettings settings =
        small(ModelKind.GAT)
            .set(TrainSettings::optimizer, optimizer)
            .set(TrainSettings::dropout, 0.5)
            .set(TrainSettings::attentionDropout, 0.3)
            .set(TrainSettings::schedule, TrainSettings.Schedule.COSINE)
            .set(TrainSettings::warmupEpochs, 5)
            .set(TrainSettings::clipNorm, 1.0)
            .set(TrainSettings::dropEdge, 0.2)
            .set(TrainSettings::featureMask, 0.1)
            .set(TrainSettings::dropNode, 0.1)
            .set(TrainSettings::epochs, 40)
            .build();
    TrainRun unbroken = NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, null);

    TrainRun firstHalf =
        NodeClassificationTrainer.run(RINGS, settings, epoch -> epoch.epoch() == 20, null);
    assertThat(firstHalf.outcome().epochsRun()).isEqualTo(20);
    Checkpoint saved = Checkpoint.fromBytes(firstHalf.checkpoint().toBytes(), "in-memory");
    TrainRun resumed = NodeClassificationTrainer.run(RINGS, settings, EpochCheck.NEVER, saved);

    assertThat(resumed.outcome().epochsRun()).isEqualTo(40);
    assertThat(resumed.checkpoint().parameters()).isDeepEqualTo(unbroken.checkpoint().parameters());
    assertThat(resumed.outcome().best())
        .usingRecursiveComparison()
        .isEqualTo(unbroken.outcome().best());
    assertThat(saved.valCurve()).hasSize(20);
    assertThat(resumed.checkpoint().valCurve())
        .hasSize(40)
        .startsWith(saved.valCurve())
        .isEqualTo(unbroken.checkpoint().valCurve());
  }
}
