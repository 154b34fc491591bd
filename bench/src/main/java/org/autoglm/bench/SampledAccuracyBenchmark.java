package org.autoglm.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.SnapshotCache;
import org.autoglm.train.EpochCheck;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainRun;
import org.autoglm.train.TrainSettings;

/**
 * Sampled against full-batch training on the same graph and seeds (hidden 16, dropout 0.5, lr 0.01,
 * weight decay 5e-4, 200 epochs, patience 100), full-batch and sampled: with neighbour sampling
 * ({@code batch_size} seeds, {@code fanouts}) GCN and GraphSAGE; with random-walk subgraphs ({@code
 * batch_size} roots, {@code walk_length}; validation and test on {@code fanouts} neighbourhoods)
 * APPNP (10 hops), GCNII (8 layers, hidden 64) and JKNet (4 layers). Prints TSV rows {@code model,
 * mode, seed, test_accuracy, val_accuracy, seconds, exact_test_accuracy}: the last scores the run's
 * best weights on the whole graph, every neighbour at every layer, where the sampled run's own test
 * score used sampled neighbourhoods.
 *
 * <p>Usage: {@code SampledAccuracyBenchmark <linqs-dir> <name> <seeds> <batch-size> <fanouts>
 * [epochs patience [neighbors|subgraph walk-length [models]]]}; {@code <name>} {@code snapshot}
 * reads a product snapshot folder instead (a synthetic graph written by {@link SnapshotBenchmark});
 * {@code models} (e.g. {@code gcn}) narrows the mode's models.
 */
public final class SampledAccuracyBenchmark {
  private SampledAccuracyBenchmark() {}

  public static void main(String[] args) throws Exception {
    GraphSnapshot graph =
        args[1].equals("snapshot")
            ? SnapshotCache.get(
                new HadoopConf(new Configuration()),
                args[0],
                SnapshotCache.header(new HadoopConf(new Configuration()), args[0])
                    .orElseThrow()
                    .fingerprint())
            : LinqsLocal.read(Path.of(args[0]), args[1]);
    int epochs = args.length > 5 ? Integer.parseInt(args[5]) : 200;
    int patience = args.length > 6 ? Integer.parseInt(args[6]) : 100;
    int seeds = Integer.parseInt(args[2]);
    int batchSize = Integer.parseInt(args[3]);
    List<Integer> fanouts =
        java.util.Arrays.stream(args[4].split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    TrainSettings.Batching mode =
        args.length > 7
            ? TrainSettings.Batching.valueOf(args[7].toUpperCase(Locale.ROOT))
            : TrainSettings.Batching.NEIGHBORS;
    int walkLength = args.length > 8 ? Integer.parseInt(args[8]) : 2;
    List<TrainSettings.ModelKind> models =
        mode == TrainSettings.Batching.SUBGRAPH
            ? List.of(
                TrainSettings.ModelKind.APPNP,
                TrainSettings.ModelKind.GCNII,
                TrainSettings.ModelKind.JKNET)
            : List.of(TrainSettings.ModelKind.GCN, TrainSettings.ModelKind.SAGE);
    if (args.length > 9) {
      List<String> only = List.of(args[9].toLowerCase(Locale.ROOT).split(","));
      models =
          models.stream().filter(m -> only.contains(m.name().toLowerCase(Locale.ROOT))).toList();
    }
    for (TrainSettings.ModelKind model : models) {
      for (int seed = 0; seed < seeds; seed++) {
        TrainSettings.Builder base =
            TrainSettings.builder()
                .set(TrainSettings::model, model)
                .set(TrainSettings::hidden, 16)
                .set(TrainSettings::dropout, 0.5)
                .set(TrainSettings::learningRate, 0.01)
                .set(TrainSettings::weightDecay, 5e-4)
                .set(TrainSettings::epochs, epochs)
                .set(TrainSettings::patience, patience)
                .set(TrainSettings::seed, seed)
                .set(TrainSettings::threads, 1);
        if (model == TrainSettings.ModelKind.GCNII) {
          base.set(TrainSettings::layers, 8).set(TrainSettings::hidden, 64);
        } else if (model == TrainSettings.ModelKind.JKNET) {
          base.set(TrainSettings::layers, 4);
        }
        TrainSettings full = base.build();
        TrainSettings sampled =
            full.toBuilder()
                .set(TrainSettings::batching, mode)
                .set(TrainSettings::batchSize, batchSize)
                .set(TrainSettings::fanouts, fanouts)
                .set(TrainSettings::walkLength, walkLength)
                .build();
        for (TrainSettings settings : List.of(full, sampled)) {
          TrainRun run = NodeClassificationTrainer.run(graph, settings, EpochCheck.NEVER, null);
          TrainOutcome outcome = run.outcome();
          // The same weights scored exactly, every neighbour at every layer (full-batch).
          float[][] probabilities =
              NodeClassificationTrainer.classProbabilities(graph, full, run.checkpoint());
          System.out.printf(
              Locale.ROOT,
              "%s\t%s\t%d\t%.4f\t%.4f\t%.1f\t%.4f%n",
              model.name().toLowerCase(Locale.ROOT),
              settings.batching().name().toLowerCase(Locale.ROOT),
              seed,
              outcome.testAccuracy(),
              outcome.valAccuracy(),
              outcome.trainSeconds(),
              exactTestAccuracy(graph, probabilities));
        }
      }
    }
  }

  private static double exactTestAccuracy(GraphSnapshot graph, float[][] probabilities) {
    int[] test = graph.labelledNodes(GraphSnapshot.Split.TEST);
    int right = 0;
    for (int node : test) {
      float[] row = probabilities[node];
      int best = 0;
      for (int c = 1; c < row.length; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      right += best == graph.label(node) ? 1 : 0;
    }
    return test.length == 0 ? 0 : (double) right / test.length;
  }
}
