package org.autoglm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import org.autoglm.graph.GraphSnapshot;

/**
 * Full-batch node classification on one graph: trains with early stopping on validation accuracy
 * and reports the test accuracy of the best validation epoch.
 */
public final class NodeClassificationTrainer {
  private NodeClassificationTrainer() {}

  /** Trains once; holds the JVM's training lock for the whole run. */
  public static TrainOutcome train(GraphSnapshot graph, TrainSettings settings) {
    return train(graph, settings, EpochCheck.NEVER);
  }

  /** Trains once, letting {@code check} end the run after any epoch (pruning, rung budgets). */
  public static TrainOutcome train(GraphSnapshot graph, TrainSettings settings, EpochCheck check) {
    return DjlRuntime.exclusively(
        settings.seed(), settings.threads(), () -> trainExclusively(graph, settings, check));
  }

  @SuppressWarnings("try") // the epoch scope closes the epoch's temporaries; nothing reads it
  private static TrainOutcome trainExclusively(
      GraphSnapshot graph, TrainSettings settings, EpochCheck check) {
    long started = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(settings.device()))) {
      GraphTensors tensors = new GraphTensors(manager, graph, settings.featureNorm());
      GcnModel model =
          new GcnModel(
              manager,
              tensors.numFeatures,
              settings.hidden(),
              tensors.numClasses,
              (float) settings.dropout(),
              settings.seed());
      Adam optimizer =
          new Adam(
              model.parameters(),
              model.decayedParameters(),
              (float) settings.learningRate(),
              (float) settings.weightDecay());

      Best best = new Best();
      int epoch = 0;
      while (epoch < settings.epochs() && epoch - best.epoch < settings.patience()) {
        epoch++;
        try (NDScope scope = new NDScope()) {
          float loss = trainStep(model, tensors);
          if (!Float.isFinite(loss)) {
            return best.outcome(true, epoch, started);
          }
          optimizer.step();
          Evaluation evaluation = evaluate(model, tensors);
          best.offer(epoch, evaluation);
          if (check.stopAfter(epoch, evaluation.valAccuracy())) {
            break;
          }
        }
      }
      return best.outcome(false, epoch, started);
    }
  }

  private static float trainStep(GcnModel model, GraphTensors tensors) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logProbabilities = model.forward(tensors, true).logSoftmax(1);
      NDArray loss = logProbabilities.mul(tensors.trainTargets).sum().neg().div(tensors.trainCount);
      float value = loss.getFloat();
      if (Float.isFinite(value)) {
        collector.backward(loss);
      }
      return value;
    }
  }

  private static Evaluation evaluate(GcnModel model, GraphTensors tensors) {
    float[] logProbabilities = model.forward(tensors, false).logSoftmax(1).toFloatArray();
    int classes = tensors.numClasses;
    double valLoss = 0;
    for (int node : tensors.valNodes) {
      valLoss -= logProbabilities[node * classes + tensors.labels[node]];
    }
    return new Evaluation(
        accuracy(logProbabilities, classes, tensors.valNodes, tensors.labels),
        tensors.valNodes.length == 0 ? 0 : valLoss / tensors.valNodes.length,
        accuracy(logProbabilities, classes, tensors.testNodes, tensors.labels));
  }

  private static double accuracy(float[] scores, int classes, int[] nodes, int[] labels) {
    if (nodes.length == 0) {
      return 0;
    }
    int correct = 0;
    for (int node : nodes) {
      int predicted = 0;
      for (int c = 1; c < classes; c++) {
        if (scores[node * classes + c] > scores[node * classes + predicted]) {
          predicted = c;
        }
      }
      if (predicted == labels[node]) {
        correct++;
      }
    }
    return (double) correct / nodes.length;
  }

  private record Evaluation(double valAccuracy, double valLoss, double testAccuracy) {}

  /** The best epoch so far: higher validation accuracy, ties to lower validation loss. */
  private static final class Best {
    int epoch;
    Evaluation evaluation = new Evaluation(-1, Double.POSITIVE_INFINITY, 0);

    void offer(int candidateEpoch, Evaluation candidate) {
      boolean better =
          candidate.valAccuracy() > evaluation.valAccuracy()
              || (candidate.valAccuracy() == evaluation.valAccuracy()
                  && candidate.valLoss() < evaluation.valLoss());
      if (better) {
        epoch = candidateEpoch;
        evaluation = candidate;
      }
    }

    TrainOutcome outcome(boolean diverged, int epochsRun, long startedNanos) {
      return new TrainOutcome(
          diverged,
          Math.max(0, evaluation.valAccuracy()),
          evaluation.testAccuracy(),
          epoch,
          epochsRun,
          (System.nanoTime() - startedNanos) / 1e9);
    }
  }
}
