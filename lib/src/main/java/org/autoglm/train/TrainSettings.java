package org.autoglm.train;

import java.io.Serializable;

/**
 * Everything one training run needs besides the graph: architecture, optimisation, stopping rule
 * and the seed that makes it reproducible.
 *
 * @param model the architecture
 * @param hidden width of the hidden layer
 * @param dropout drop probability on the input features and the hidden layer
 * @param learningRate Adam step size
 * @param weightDecay L2 penalty on the first layer's weights (as Kipf and Welling)
 * @param epochs the most epochs to train
 * @param patience stop after this many epochs without a better validation accuracy
 * @param seed decides initialisation and every dropout mask
 * @param threads intra-op threads for the engine
 * @param device {@code cpu} or {@code gpu:<id>}
 * @param featureNorm how node features are scaled before the first layer
 */
public record TrainSettings(
    ModelKind model,
    int hidden,
    double dropout,
    double learningRate,
    double weightDecay,
    int epochs,
    int patience,
    long seed,
    int threads,
    String device,
    FeatureNorm featureNorm)
    implements Serializable {

  /** Architectures the trainer can build. */
  public enum ModelKind {
    GCN
  }

  /** Feature scaling: none, or each node's features divided by their sum (Kipf and Welling). */
  public enum FeatureNorm {
    NONE,
    ROW
  }

  public TrainSettings {
    check(hidden >= 1, "hidden", hidden, "must be >= 1");
    check(dropout >= 0 && dropout < 1, "dropout", dropout, "must be in [0, 1)");
    check(learningRate > 0, "lr", learningRate, "must be > 0");
    check(weightDecay >= 0, "weight_decay", weightDecay, "must be >= 0");
    check(epochs >= 1, "epochs", epochs, "must be >= 1");
    check(patience >= 1, "patience", patience, "must be >= 1");
    check(threads >= 1, "threads", threads, "must be >= 1");
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(
          "training parameter '" + key + "' is " + value + " but " + rule);
    }
  }
}
