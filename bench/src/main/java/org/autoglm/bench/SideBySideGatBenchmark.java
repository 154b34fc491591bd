package org.autoglm.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.FeatureNorm;
import org.autoglm.train.TrainSettings.ModelKind;

/**
 * Two GAT trials at once on two threads, one intra-op thread each, as a study on two cores runs
 * them: for each width (hidden × heads), {@code rounds} rounds of an {@code epochs}-epoch trial of
 * that width beside one of the published 8 × 8 (a study's slots train different configurations),
 * after one warm-up round, and the median milliseconds per epoch of the first (the whole trial:
 * tensors, steps, evaluations). {@code bench/arena.sh} runs it under each malloc environment beside
 * PyTorch doing the same. Prints {@code <hidden>x<heads> <ms per epoch>} lines.
 *
 * <p>Usage: {@code SideBySideGatBenchmark <cora-dir> <epochs> <rounds> <hidden>x<heads>...}.
 */
public final class SideBySideGatBenchmark {
  private SideBySideGatBenchmark() {}

  public static void main(String[] args) throws Exception {
    GraphSnapshot cora = LinqsLocal.read(Path.of(args[0]), "cora");
    int epochs = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (String width : Arrays.copyOfRange(args, 3, args.length)) {
        String[] parts = width.split("x");
        int hidden = Integer.parseInt(parts[0]);
        int heads = Integer.parseInt(parts[1]);
        sideBySide(pool, cora, hidden, heads, 10, 1); // warm-up
        double[] millis = sideBySide(pool, cora, hidden, heads, epochs, rounds);
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "%s\t%.1f%n", width, millis[millis.length / 2]);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Milliseconds per epoch of the trial of this width in each round. */
  private static double[] sideBySide(
      ExecutorService pool, GraphSnapshot cora, int hidden, int heads, int epochs, int rounds)
      throws Exception {
    double[] millis = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      List<Future<Double>> trials = new ArrayList<>();
      for (int seed = 0; seed < 2; seed++) {
        TrainSettings settings =
            TrainSettings.builder()
                .set(TrainSettings::model, ModelKind.GAT)
                .set(TrainSettings::hidden, seed == 0 ? hidden : 8)
                .set(TrainSettings::heads, seed == 0 ? heads : 8)
                .set(TrainSettings::featureNorm, FeatureNorm.ROW)
                .set(TrainSettings::threads, 1)
                .set(TrainSettings::epochs, epochs)
                .set(TrainSettings::patience, epochs)
                .set(TrainSettings::seed, seed)
                .build();
        trials.add(
            pool.submit(
                () ->
                    1000
                        * NodeClassificationTrainer.train(cora, settings).trainSeconds()
                        / epochs));
      }
      millis[round] = trials.get(0).get();
      trials.get(1).get();
    }
    return millis;
  }
}
