package org.autoglm.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
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

  /**
   * The members' mean probabilities of {@code targets} (a row each, flat), each member scoring them
   * from the store as {@link NodePrediction} does.
   */
  public static float[] targetProbabilities(GraphStore store, List<Member> members, int[] targets) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    float[] sum = null;
    for (Member member : members) {
      float[] p =
          NodePrediction.probabilities(store, member.settings(), member.checkpoint(), targets);
      if (sum == null) {
        sum = p;
      } else {
        for (int i = 0; i < p.length; i++) {
          sum[i] += p[i];
        }
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= members.size();
    }
    return sum;
  }

  /** What {@code probabilities} (one row per node) score on the graph's labelled splits. */
  public static Scores score(GraphSnapshot graph, float[][] probabilities, String metric) {
    int classes = graph.numClasses();
    float[] scores = new float[graph.numNodes() * classes];
    int[] labels = new int[graph.numNodes()];
    for (int node = 0; node < labels.length; node++) {
      System.arraycopy(probabilities[node], 0, scores, node * classes, classes);
      labels[node] = graph.label(node);
    }
    return score(
        Predictions.argmax(scores, classes, graph.labelledNodes(Split.VAL), labels),
        Predictions.argmax(scores, classes, graph.labelledNodes(Split.TEST), labels),
        metric);
  }

  /**
   * The ensemble's scores on the validation and test nodes, each member scoring them the way it
   * trained (as {@link BatchPlan} decides for a graph of {@code size}): full-batch on {@code
   * graph}, or on the sampled neighbourhoods its trial's evaluation used, from {@code store} — a
   * member scores what its trial did, and a graph too big for one task is never loaded whole. Each
   * source is opened only if a member needs it.
   */
  public static Scores score(
      BatchPlan.GraphSize size,
      Supplier<GraphSnapshot> graph,
      Supplier<GraphStore> store,
      List<Member> members,
      String metric) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    float[][] sums = new float[2][];
    int[][] nodes = new int[2][];
    IntUnaryOperator label = null;
    Split[] splits = {Split.VAL, Split.TEST};
    for (Member member : members) {
      TrainSettings settings = member.settings();
      TrainSettings.Batching batching = BatchPlan.resolve(size, settings);
      float[][] rows = new float[2][];
      if (batching == TrainSettings.Batching.FULL) {
        GraphSnapshot whole = graph.get();
        float[][] all =
            NodeClassificationTrainer.classProbabilities(whole, settings, member.checkpoint());
        for (int s = 0; s < 2; s++) {
          nodes[s] = whole.labelledNodes(splits[s]);
          rows[s] = flatRows(all, nodes[s]);
        }
        label = label == null ? whole::label : label;
      } else {
        GraphStore sampled = store.get();
        for (int s = 0; s < 2; s++) {
          nodes[s] = sampled.labelledNodes(splits[s]);
          rows[s] =
              NodeClassificationTrainer.sampledProbabilities(
                  sampled, settings, batching, member.checkpoint(), splits[s]);
        }
        label = label == null ? sampled::label : label;
      }
      for (int s = 0; s < 2; s++) {
        if (sums[s] == null) {
          sums[s] = rows[s];
        } else {
          for (int k = 0; k < rows[s].length; k++) {
            sums[s][k] += rows[s][k];
          }
        }
      }
    }
    int classes = size.classes();
    Predictions[] predictions = new Predictions[2];
    for (int s = 0; s < 2; s++) {
      int[] labels = Arrays.stream(nodes[s]).map(label).toArray();
      int[] rowIndex = IntStream.range(0, labels.length).toArray();
      predictions[s] = Predictions.argmax(sums[s], classes, rowIndex, labels);
    }
    return score(predictions[0], predictions[1], metric);
  }

  /** {@code nodes}' rows of {@code all}, one flat row-major array. */
  private static float[] flatRows(float[][] all, int[] nodes) {
    int classes = nodes.length == 0 ? 0 : all[nodes[0]].length;
    float[] rows = new float[nodes.length * classes];
    for (int i = 0; i < nodes.length; i++) {
      System.arraycopy(all[nodes[i]], 0, rows, i * classes, classes);
    }
    return rows;
  }

  private static Scores score(Predictions val, Predictions test, String metric) {
    NodeEvaluator evaluator = Evaluators.named(metric);
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
