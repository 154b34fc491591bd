package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.autoglm.train.Checkpoint;
import org.autoglm.train.EpochScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialCheckpointsTest {
  @TempDir Path dir;

  private static Checkpoint at(int epoch) {
    return new Checkpoint(
        epoch,
        epoch,
        new float[][] {{epoch, 2}},
        new float[][] {{0.5f}},
        new double[0],
        new EpochScores(epoch, 0.8, 0.3, 0.8, 0.7, 0.7, 0.6, new double[] {0.7}),
        new float[][] {{epoch, 1}},
        new double[] {0.6, 0.8});
  }

  @Test
  void aSavedCheckpointComesBackAndAMissingOneIsEmpty() {
    TrialCheckpoints checkpoints =
        new TrialCheckpoints(new HadoopConf(new Configuration()), dir.toString());
    assertThat(checkpoints.load(3)).isEmpty();

    checkpoints.save(3, at(4));
    checkpoints.save(3, at(12)); // a promotion overwrites its rung's checkpoint
    Checkpoint loaded = checkpoints.load(3).orElseThrow();
    assertThat(loaded.epoch()).isEqualTo(12);
    assertThat(loaded.parameters()).isDeepEqualTo(new float[][] {{12, 2}});
    assertThat(loaded.valCurve()).containsExactly(0.6, 0.8);
    assertThat(dir.toFile().list((d, name) -> !name.endsWith(".crc")))
        .containsExactly("trial-00003.ckpt");
  }

  @Test
  void onlyTheKeptTrialsCheckpointsRemain() {
    TrialCheckpoints checkpoints =
        new TrialCheckpoints(new HadoopConf(new Configuration()), dir.toString());
    for (int trial = 0; trial < 4; trial++) {
      checkpoints.save(trial, at(trial + 1));
    }
    checkpoints.deleteAllBut(Set.of(2, 3));
    assertThat(checkpoints.load(2)).isPresent();
    assertThat(checkpoints.load(3)).isPresent();
    assertThat(checkpoints.load(0)).isEmpty();
    assertThat(checkpoints.load(1)).isEmpty();

    checkpoints.deleteAllBut(Set.of());
    assertThat(checkpoints.load(2)).isEmpty();
  }
}
