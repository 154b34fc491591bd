package org.autoglm.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.autoglm.graph.io.LinqsLocal;
import org.autoglm.train.EpochCheck;
import org.autoglm.train.EpochRecord;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainSettings;

/**
 * The trainer's own cost of {@code trial_epochs}: Kipf's GCN on Cora (200 epochs, 1 thread) with
 * and without the per-epoch gradient norm, taking turns, no Spark. Prints TSV rows {@code
 * norm|none, round, train_seconds, median_step_ms}.
 *
 * <p>Usage: {@code GradientNormBenchmark <cora-dir> <rounds>}
 */
public final class GradientNormBenchmark {
  private GradientNormBenchmark() {}

  public static void main(String[] args) {
    GraphSnapshot cora = LinqsLocal.read(Path.of(args[0]), "cora");
    int rounds = Integer.parseInt(args[1]);
    TrainSettings settings =
        TrainSettings.builder()
            .set(TrainSettings::epochs, 200)
            .set(TrainSettings::patience, 200)
            .set(TrainSettings::seed, 1)
            .set(TrainSettings::threads, 1)
            .build();
    for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up
      for (boolean norm :
          round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
        TrainOutcome outcome = NodeClassificationTrainer.train(cora, settings, new Recording(norm));
        System.out.printf(
            Locale.ROOT,
            "%s\t%d\t%.4f\t%.4f%n",
            norm ? "norm" : "none",
            round,
            outcome.trainSeconds(),
            outcome.medianStepMillis());
      }
    }
  }

  /** Every epoch recorded, as a trial task records them; the norm measured or not. */
  private record Recording(boolean norm) implements EpochCheck {
    @Override
    public boolean stopAfter(EpochRecord epoch) {
      return false;
    }

    @Override
    public boolean wantsGradientNorm() {
      return norm;
    }
  }
}
