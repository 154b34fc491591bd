package org.autoglm.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.autoglm.graph.GraphSnapshot;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.Activation;
import org.autoglm.train.TrainSettings.DecayScope;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * Training speed on Cora, printed as tab-separated rows that {@code bench/train_compare.py} sets
 * beside the PyTorch peer's ({@code bench/torch_peer.py}, same models, sizes and threads):
 *
 * <pre>step   model  threads  median_ms_per_step   (forward + backward + update)
 * trial  gcn    threads  median_seconds       (200 epochs, evaluation each epoch, from arrays)
 * </pre>
 *
 * <p>Usage: {@code TrainBenchmark <cora-dir> <threads> <repeats>}. Every model trains once before
 * any is timed, to warm the engine up; step times are the median over a run's steps, then over the
 * repeats.
 */
public final class TrainBenchmark {
  private static final int EPOCHS = 200;

  private TrainBenchmark() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: TrainBenchmark <cora-dir> <threads> <repeats>");
      System.exit(2);
    }
    GraphSnapshot cora = LinqsLocal.read(Path.of(args[0]), "cora");
    int threads = Integer.parseInt(args[1]);
    int repeats = Integer.parseInt(args[2]);
    ModelKind[] models = {ModelKind.GCN, ModelKind.SAGE, ModelKind.GAT};
    // Every model once before any is timed: the first model timed was otherwise measured while
    // the JVM was still compiling the shared paths.
    for (ModelKind model : models) {
      NodeClassificationTrainer.train(cora, settings(model, threads));
    }
    for (ModelKind model : models) {
      TrainSettings settings = settings(model, threads);
      double[] steps = new double[repeats];
      double[] trials = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        TrainOutcome outcome =
            NodeClassificationTrainer.train(cora, settings.toBuilder().seed(r).build());
        steps[r] = outcome.medianStepMillis();
        trials[r] = outcome.trainSeconds();
      }
      String name = model.name().toLowerCase(Locale.ROOT);
      System.out.printf(Locale.ROOT, "step\t%s\t%d\t%.3f%n", name, threads, median(steps));
      System.out.printf(Locale.ROOT, "trial\t%s\t%d\t%.3f%n", name, threads, median(trials));
    }
  }

  /** The papers' sizes, trained for exactly {@value #EPOCHS} epochs (no early stop). */
  static TrainSettings settings(ModelKind model, int threads) {
    TrainSettings.Builder b =
        TrainSettings.builder().model(model).threads(threads).epochs(EPOCHS).patience(EPOCHS);
    return switch (model) {
      case GAT ->
          b.hidden(8)
              .heads(8)
              .dropout(0.6)
              .attentionDropout(0.6)
              .activation(Activation.ELU)
              .learningRate(0.005)
              .decayScope(DecayScope.ALL)
              .build();
      case SAGE -> b.hidden(64).decayScope(DecayScope.ALL).build();
      default -> b.build();
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
