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
    Predictions val = predictions(graph, probabilities, Split.VAL);
    Predictions test = predictions(graph, probabilities, Split.TEST);
    boolean hasVal = val.truth().length > 0;
    return new Scores(
        metric,
        hasVal ? evaluator.score(val) : 0,
        hasVal ? val.accuracy() : 0,
        evaluator.score(test),
        test.accuracy(),
        test.macroF1());
  }

  private static Predictions predictions(GraphSnapshot graph, float[][] p, Split split) {
    int[] nodes = graph.labelledNodes(split);
    int[] predicted = new int[nodes.length];
    int[] truth = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      float[] row = p[nodes[i]];
      int best = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      predicted[i] = best;
      truth[i] = graph.label(nodes[i]);
    }
    return new Predictions(predicted, truth, graph.numClasses());
  }
}
