package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.autoglm.testing.TwoRings;
import org.autoglm.train.TrainSettings.Activation;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.Test;

/** Trials in one JVM train at once, each on its own thread, as if each were alone. */
class ConcurrentTrainingTest {
  private static final GraphSnapshot RINGS = TwoRings.graph();

  private static TrainSettings settings(ModelKind model, long seed) {
    return TrainSettings.builder()
        .set(TrainSettings::model, model)
        .set(TrainSettings::hidden, 8)
        .set(TrainSettings::heads, 4)
        .set(TrainSettings::dropout, 0.5)
        .set(TrainSettings::attentionDropout, 0.3)
        .set(TrainSettings::activation, model == ModelKind.GAT ? Activation.ELU : Activation.RELU)
        .set(TrainSettings::learningRate, 0.05)
        .set(TrainSettings::epochs, 60)
        .set(TrainSettings::patience, 60)
        .set(TrainSettings::threads, 2)
        .set(TrainSettings::seed, seed)
        .build();
  }

  @Test
  void gcnAndGatTrainedAtOnceEndBitIdenticalToEachTrainedAlone() throws Exception {
    List<TrainSettings> trials =
        List.of(
            settings(ModelKind.GCN, 1),
            settings(ModelKind.GAT, 2),
            settings(ModelKind.GCN, 3),
            settings(ModelKind.GAT, 4));
    List<TrainRun> alone = new ArrayList<>();
    for (TrainSettings trial : trials) {
      alone.add(NodeClassificationTrainer.run(RINGS, trial, EpochCheck.NEVER, null));
    }

    ExecutorService pool = Executors.newFixedThreadPool(trials.size());
    CyclicBarrier together = new CyclicBarrier(trials.size());
    try {
      List<Future<TrainRun>> running = new ArrayList<>();
      for (TrainSettings trial : trials) {
        running.add(
            pool.submit(
                () -> {
                  together.await(); // every trial's first epoch overlaps the others'
                  return NodeClassificationTrainer.run(RINGS, trial, EpochCheck.NEVER, null);
                }));
      }
      for (int i = 0; i < trials.size(); i++) {
        TrainRun atOnce = running.get(i).get();
        String trial = trials.get(i).model() + " seed " + trials.get(i).seed();
        assertThat(atOnce.checkpoint().parameters())
            .as("%s: final weights", trial)
            .isDeepEqualTo(alone.get(i).checkpoint().parameters());
        assertThat(atOnce.checkpoint().valCurve())
            .as("%s: validation curve", trial)
            .containsExactly(alone.get(i).checkpoint().valCurve());
        assertThat(atOnce.outcome().best())
            .as("%s: best epoch", trial)
            .usingRecursiveComparison()
            .isEqualTo(alone.get(i).outcome().best());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
