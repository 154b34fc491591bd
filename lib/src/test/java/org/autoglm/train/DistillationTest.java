package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.autoglm.testing.Csbm;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.Test;

/**
 * An MLP student distilled from a GCN teacher learns from the teacher's scores of every node, not
 * only the few labels: it beats the same MLP trained on the labels alone, and needs no graph.
 */
class DistillationTest {
  private static final GraphSnapshot GRAPH = Csbm.graph(1200, 4, 100, 8, 0.85, 0.45, 21);

  private static TrainSettings.Builder common() {
    return TrainSettings.builder()
        .set(TrainSettings::hidden, 64)
        .set(TrainSettings::epochs, 150)
        .set(TrainSettings::patience, 50)
        .set(TrainSettings::seed, 4L);
  }

  @Test
  void aStudentMlpLearnsFromItsGcnTeachersScoresOfEveryNode() {
    TrainSettings gcn = common().set(TrainSettings::model, ModelKind.GCN).build();
    TrainRun teacherRun = NodeClassificationTrainer.run(GRAPH, gcn, EpochCheck.NEVER, null);
    float[][] byNode =
        NodeClassificationTrainer.classProbabilities(GRAPH, gcn, teacherRun.checkpoint());
    float[] flat = new float[GRAPH.numNodes() * GRAPH.numClasses()];
    for (int node = 0; node < byNode.length; node++) {
      System.arraycopy(byNode[node], 0, flat, node * GRAPH.numClasses(), GRAPH.numClasses());
    }
    TrainSettings mlp =
        common()
            .set(TrainSettings::model, ModelKind.MLP)
            .set(TrainSettings::decayScope, TrainSettings.DecayScope.ALL)
            .build();

    double teacher = teacherRun.outcome().testAccuracy();
    double alone = NodeClassificationTrainer.train(GRAPH, mlp).testAccuracy();
    double student =
        NodeClassificationTrainer.distil(GRAPH, mlp, new Teacher(flat, 0.3, 1.0))
            .outcome()
            .testAccuracy();

    System.out.printf(
        java.util.Locale.ROOT,
        "[distil] test accuracy: GCN teacher %.3f, MLP alone %.3f, MLP student %.3f%n",
        teacher,
        alone,
        student);
    assertThat(teacher).as("the GCN teacher").isGreaterThan(alone + 0.1);
    assertThat(student)
        .as("student %.3f against the MLP alone %.3f (teacher %.3f)", student, alone, teacher)
        .isGreaterThan(alone + 0.05);
  }

  @Test
  void aTeacherOfAnotherGraphOrBadMixIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> new Teacher(new float[4], 1.5, 1))
        .hasMessageContaining("alpha is 1.5 but must be in [0, 1]");
    assertThatThrownBy(() -> new Teacher(new float[4], 0.5, 0))
        .hasMessageContaining("temperature is 0.0 but must be > 0");
    TrainSettings mlp = TrainSettings.builder().set(TrainSettings::model, ModelKind.MLP).build();
    assertThatThrownBy(
            () -> NodeClassificationTrainer.distil(GRAPH, mlp, new Teacher(new float[8], 0.5, 1)))
        .hasMessageContaining("the teacher scored 2 nodes of 4 classes")
        .hasMessageContaining("has 1200");
  }
}
