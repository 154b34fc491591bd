package org.autoglm.train;

import java.io.Serializable;
import java.util.List;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * A soft-voting ensemble of trained models on one graph: the mean of their class probabilities, and
 * what that mean scores on the validation and test nodes. Models may differ in architecture and
 * settings; they must share the graph's classes.
 */
public final class SoftVoting {
  private SoftVoting() {}

  /** One model of the ensemble: its weights and the settings they were trained under. */
  public record Member(TrainSettings settings, Checkpoint checkpoint) {}

  /**
   * The ensemble's scores under {@code metric} (the study's selection metric).
   *
   * @param valScore the metric on the validation nodes (0 without any)
   */
  public record Scores(
      String metric,
      double valScore,
      double valAccuracy,
      double testScore,
      double testAccuracy,
      double testMacroF1)
      implements Serializable {}

  /** Row {@code node}: the members' mean probability of each class. */
  public static float[][] probabilities(GraphSnapshot graph, List<Member> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    float[][] sum = null;
    for (Member member : members) {
      float[][] p =
          NodeClassificationTrainer.classProbabilities(
              graph, member.settings(), member.checkpoint());
      if (sum == null) {
        sum = p;
        continue;
      }
      for (int node = 0; node < p.length; node++) {
        for (int c = 0; c < p[node].length; c++) {
          sum[node][c] += p[node][c];
        }
      }
    }
    for (float[] row : sum) {
      for (int c = 0; c < row.length; c++) {
        row[c] /= members.size();
      }
    }
    return sum;
  }

  /** What {@code probabilities} (one row per node) score on the graph's labelled splits. */
  public static Scores score(GraphSnapshot graph, float[][] probabilities, String metric) {
    NodeEvaluator evaluator = Evaluators.named(metric);
    int classes = graph.numClasses();
    float[] scores = new float[graph.numNodes() * classes];
    int[] labels = new int[graph.numNodes()];
    for (int node = 0; node < labels.length; node++) {
      System.arraycopy(probabilities[node], 0, scores, node * classes, classes);
      labels[node] = graph.label(node);
    }
    Predictions val = Predictions.argmax(scores, classes, graph.labelledNodes(Split.VAL), labels);
    Predictions test = Predictions.argmax(scores, classes, graph.labelledNodes(Split.TEST), labels);
    boolean hasVal = val.truth().length > 0;
    return new Scores(
        metric,
        hasVal ? evaluator.score(val) : 0,
        hasVal ? val.accuracy() : 0,
        evaluator.score(test),
        test.accuracy(),
        test.macroF1());
  }
}
