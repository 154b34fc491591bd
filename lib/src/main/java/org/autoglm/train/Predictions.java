package org.autoglm.train;

/**
 * Predicted and true classes of the nodes being scored (one split), with the usual summaries. Pure
 * Java: evaluators read it without touching the engine.
 *
 * @param predicted the predicted class per node
 * @param truth the true class per node
 * @param numClasses the number of classes
 */
public record Predictions(int[] predicted, int[] truth, int numClasses) {
  /**
   * The highest-scoring class of each of {@code nodes} against its label: {@code scores} holds
   * {@code classes} values per node, row after row.
   */
  static Predictions argmax(float[] scores, int classes, int[] nodes, int[] labels) {
    int[] predicted = new int[nodes.length];
    int[] truth = new int[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      int node = nodes[i];
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (scores[node * classes + c] > scores[node * classes + best]) {
          best = c;
        }
      }
      predicted[i] = best;
      truth[i] = labels[node];
    }
    return new Predictions(predicted, truth, classes);
  }

  public Predictions {
    if (predicted.length != truth.length) {
      throw new IllegalArgumentException(
          "predictions cover " + predicted.length + " nodes but labels " + truth.length);
    }
  }

  /** {@code confusion[t][p]}: nodes of true class t predicted as p. */
  public long[][] confusion() {
    long[][] counts = new long[numClasses][numClasses];
    for (int i = 0; i < truth.length; i++) {
      counts[truth[i]][predicted[i]]++;
    }
    return counts;
  }

  public double accuracy() {
    if (truth.length == 0) {
      return 0;
    }
    int correct = 0;
    for (int i = 0; i < truth.length; i++) {
      if (predicted[i] == truth[i]) {
        correct++;
      }
    }
    return (double) correct / truth.length;
  }

  /** Recall per class; NaN for a class with no nodes here. */
  public double[] classRecall() {
    long[][] confusion = confusion();
    double[] recall = new double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      long total = 0;
      for (long n : confusion[c]) {
        total += n;
      }
      recall[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
    }
    return recall;
  }

  /**
   * The unweighted mean of per-class F1 over classes that occur here or are predicted here (as
   * scikit-learn's {@code f1_score(average='macro')} over the present labels).
   */
  public double macroF1() {
    long[][] confusion = confusion();
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < numClasses; c++) {
      long truePositive = confusion[c][c];
      long actual = 0;
      long predictedAs = 0;
      for (int k = 0; k < numClasses; k++) {
        actual += confusion[c][k];
        predictedAs += confusion[k][c];
      }
      if (actual == 0 && predictedAs == 0) {
        continue;
      }
      sum += 2.0 * truePositive / (actual + predictedAs);
      counted++;
    }
    return counted == 0 ? 0 : sum / counted;
  }
}
