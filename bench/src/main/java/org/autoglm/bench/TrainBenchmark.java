package org.autoglm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.Activation;
import org.autoglm.train.TrainSettings.DecayScope;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * Our side of the training-speed benchmark on Cora: a worker that {@code bench/train_pairs.py}
 * drives in turn with the PyTorch peer ({@code bench/torch_peer.py}, same models, sizes, threads
 * and protocol), so both sides meet the same machine load. After warming every model up (three
 * trials each) it prints {@code ready}; then for each line {@code <model> <seed>} on standard input
 * it trains one trial and prints
 *
 * <pre>model  seed  median_ms_per_step  trial_seconds
 * </pre>
 *
 * where a step is forward + backward + update and a trial is 200 epochs from arrays, with an
 * evaluation each epoch.
 *
 * <p>Usage: {@code TrainBenchmark <cora-dir> <threads>}.
 */
public final class TrainBenchmark {
  private static final int EPOCHS = 200;
  private static final int WARM_UP_ROUNDS = 3;

  private TrainBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: TrainBenchmark <cora-dir> <threads>");
      System.exit(2);
    }
    GraphSnapshot cora = LinqsLocal.read(Path.of(args[0]), "cora");
    int threads = Integer.parseInt(args[1]);
    // Every model WARM_UP_ROUNDS times before any is timed: on two cores the JIT compiler, busy
    // with the trainer's paths for the first half-dozen trials, takes CPU from training (GCN
    // trials 1.9-2.6 s, then 1.5 s).
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (ModelKind model : new ModelKind[] {ModelKind.GCN, ModelKind.SAGE, ModelKind.GAT}) {
        NodeClassificationTrainer.train(cora, settings(model, threads));
      }
    }
    System.out.println("ready");
    BufferedReader requests =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = requests.readLine(); line != null; line = requests.readLine()) {
      String[] request = line.trim().split("\\s+");
      ModelKind model = ModelKind.valueOf(request[0].toUpperCase(Locale.ROOT));
      int seed = Integer.parseInt(request[1]);
      TrainOutcome outcome =
          NodeClassificationTrainer.train(
              cora, settings(model, threads).toBuilder().set(TrainSettings::seed, seed).build());
      System.out.printf(
          Locale.ROOT,
          "%s\t%d\t%.3f\t%.3f%n",
          request[0],
          seed,
          outcome.medianStepMillis(),
          outcome.trainSeconds());
      System.out.flush();
    }
  }

  /** The papers' sizes, trained for exactly {@value #EPOCHS} epochs (no early stop). */
  static TrainSettings settings(ModelKind model, int threads) {
    TrainSettings.Builder b =
        TrainSettings.builder()
            .set(TrainSettings::model, model)
            .set(TrainSettings::threads, threads)
            .set(TrainSettings::epochs, EPOCHS)
            .set(TrainSettings::patience, EPOCHS);
    return switch (model) {
      case GAT ->
          b.set(TrainSettings::hidden, 8)
              .set(TrainSettings::heads, 8)
              .set(TrainSettings::dropout, 0.6)
              .set(TrainSettings::attentionDropout, 0.6)
              .set(TrainSettings::activation, Activation.ELU)
              .set(TrainSettings::learningRate, 0.005)
              .set(TrainSettings::decayScope, DecayScope.ALL)
              .build();
      case SAGE ->
          b.set(TrainSettings::hidden, 64).set(TrainSettings::decayScope, DecayScope.ALL).build();
      default -> b.build();
    };
  }
}
