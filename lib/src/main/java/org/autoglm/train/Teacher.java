package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Knowledge distillation's other target (Hinton et al. 2015; on graphs GLNN, Zhang et al. 2022): a
 * trained teacher's class probabilities for every node, which the student learns beside the labels.
 * The loss is {@code alpha × cross-entropy on the training labels + (1 - alpha) × T² × mean over
 * every node of cross-entropy(teacher at T, student at T)}: T above 1 softens both sides, below 1
 * sharpens them.
 *
 * @param probabilities the teacher's, a row per node of the student's graph, row-major
 * @param alpha the labels' share of the loss, in [0, 1]
 * @param temperature T, > 0
 */
public record Teacher(float[] probabilities, double alpha, double temperature) {
  public Teacher {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException(
          "distillation alpha is " + alpha + " but must be in [0, 1]");
    }
    if (!(temperature > 0)) {
      throw new IllegalArgumentException(
          "distillation temperature is " + temperature + " but must be > 0");
    }
  }

  /**
   * The teacher's term as loss weights on the student's log-probabilities at T: the teacher's
   * probabilities at T ({@code p^(1/T)}, renormalised), times {@code -(1 - alpha) T² / nodes}.
   */
  NDArray weights(NDManager manager, int nodes, int classes) {
    if (probabilities.length != nodes * classes) {
      throw new IllegalArgumentException(
          "the teacher scored "
              + probabilities.length / Math.max(1, classes)
              + " nodes of "
              + classes
              + " classes, but the student's graph has "
              + nodes);
    }
    float[] weights = new float[probabilities.length];
    double scale = -(1 - alpha) * temperature * temperature / nodes;
    for (int node = 0; node < nodes; node++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.pow(probabilities[node * classes + c], 1 / temperature);
      }
      for (int c = 0; c < classes; c++) {
        double soft = Math.pow(probabilities[node * classes + c], 1 / temperature) / sum;
        weights[node * classes + c] = (float) (scale * soft);
      }
    }
    return manager.create(weights, new Shape(nodes, classes));
  }
}
