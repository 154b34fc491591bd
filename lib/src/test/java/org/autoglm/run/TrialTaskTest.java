package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.prune.StopRule;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.TrialResult;
import org.autoglm.testing.Csbm;
import org.autoglm.testing.TestConfigs;
import org.autoglm.testing.TwoRings;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.SnapshotFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial's runs on an executor, without Spark: the task is a plain function of its spec. */
class TrialTaskTest {
  private static final Map<String, Object> PARAMS = Map.of("lr", 0.02, "hidden", 8);
  private static final long SEED = 11;

  @TempDir Path dir;

  @Test
  void aPromotionContinuesFromItsRungsCheckpointAndEndsAsAnUnbrokenRun() throws IOException {
    GraphSnapshot graph = TwoRings.graph();
    String snapshot = writeSnapshot(graph, dir.resolve("snapshot"));
    TrialCheckpoints checkpoints = checkpoints("run");
    TrialTask task = task(checkpoints, snapshot, graph.fingerprint());

    TrialResult rung = task.call(new TrialSpec(0, PARAMS, SEED, 4, 0, StopRule.NEVER));
    assertThat(rung.epochs()).isEqualTo(4);
    assertThat(checkpoints.load(0)).isPresent();
    TrialResult promoted = task.call(new TrialSpec(0, PARAMS, SEED, 12, 4, StopRule.NEVER));

    TrialResult unbroken =
        task(checkpoints("unbroken"), snapshot, graph.fingerprint())
            .call(new TrialSpec(0, PARAMS, SEED, 12, 0, StopRule.NEVER));
    assertThat(promoted.resumedFrom()).isEqualTo(4);
    assertThat(promoted.epochs()).isEqualTo(12);
    assertThat(promoted.curve()).startsWith(rung.curve()).isEqualTo(unbroken.curve());
    assertThat(promoted.scores()).isEqualTo(unbroken.scores());
    assertThat(promoted.bestEpoch()).isEqualTo(unbroken.bestEpoch());
  }

  @Test
  void aPromotionWithoutACheckpointRetrainsFromScratchToTheSameResult() throws IOException {
    GraphSnapshot graph = TwoRings.graph();
    String snapshot = writeSnapshot(graph, dir.resolve("snapshot"));
    TrialTask withCheckpoint = task(checkpoints("run"), snapshot, graph.fingerprint());
    withCheckpoint.call(new TrialSpec(3, PARAMS, SEED, 4, 0, StopRule.NEVER));
    TrialResult resumed =
        withCheckpoint.call(new TrialSpec(3, PARAMS, SEED, 12, 4, StopRule.NEVER));

    TrialResult retrained =
        task(checkpoints("lost"), snapshot, graph.fingerprint())
            .call(new TrialSpec(3, PARAMS, SEED, 12, 4, StopRule.NEVER));
    assertThat(retrained.status()).isEqualTo(TrialState.COMPLETE);
    assertThat(retrained.resumedFrom()).isZero();
    assertThat(retrained.scores()).isEqualTo(resumed.scores());
    assertThat(retrained.curve()).isEqualTo(resumed.curve());
  }

  @Test
  void aGraphOverTheMemoryBudgetTrainsSampledAndTheRowSaysHow() throws IOException {
    GraphSnapshot graph = Csbm.graph(1500, 4, 80, 8, 0.8, 0.4, 11);
    String snapshot = writeSnapshot(graph, dir.resolve("snapshot"));
    String auto =
        "train: {epochs: 3, patience: 3, batching: auto, memory_budget_mb: 1, batch_size: 200}";
    Map<String, Object> wide = Map.of("lr", 0.02, "hidden", 64); // full-batch: about 2 MiB
    TrialResult sampled =
        task(checkpoints("auto"), snapshot, graph.fingerprint(), auto)
            .call(new TrialSpec(0, wide, SEED));
    assertThat(sampled.status()).as(sampled.error()).isEqualTo(TrialState.COMPLETE);
    assertThat(sampled.placement().batching()).isEqualTo("neighbors");
    assertThat(sampled.scores().valAccuracy()).isGreaterThan(0.4);
    Map<String, Object> deep = Map.of("lr", 0.02, "hidden", 64, "model", "appnp");
    TrialResult subgraphs =
        task(checkpoints("auto-deep"), snapshot, graph.fingerprint(), auto)
            .call(new TrialSpec(1, deep, SEED));
    assertThat(subgraphs.status()).as(subgraphs.error()).isEqualTo(TrialState.COMPLETE);
    assertThat(subgraphs.placement().batching()).isEqualTo("subgraph");

    TrialResult full =
        task(checkpoints("full"), snapshot, graph.fingerprint(), auto.replace("1,", "4096,"))
            .call(new TrialSpec(0, wide, SEED));
    assertThat(full.placement().batching()).isEqualTo("full");
    String tooSmall = auto.replace("auto", "full");
    TrialResult refused =
        task(checkpoints("refused"), snapshot, graph.fingerprint(), tooSmall)
            .call(new TrialSpec(0, wide, SEED));
    assertThat(refused.status()).isEqualTo(TrialState.FAILED);
    assertThat(refused.error())
        .contains("budget is 1 MiB (train.memory_budget_mb)")
        .contains("set train.batching: neighbors (or auto)");
  }

  @Test
  void aSampledPromotionContinuesFromItsCheckpointAsAnUnbrokenRun() throws IOException {
    GraphSnapshot graph = Csbm.graph(1500, 4, 80, 8, 0.8, 0.4, 11);
    String snapshot = writeSnapshot(graph, dir.resolve("snapshot"));
    for (String batching : new String[] {"neighbors", "subgraph"}) {
      String sampled =
          "train: {epochs: 6, patience: 6, batch_size: 100, fanouts: '5,5', batching: "
              + batching
              + "}";
      TrialCheckpoints checkpoints = checkpoints("sampled-" + batching);
      TrialTask task = task(checkpoints, snapshot, graph.fingerprint(), sampled);
      TrialResult rung = task.call(new TrialSpec(0, PARAMS, SEED, 3, 0, StopRule.NEVER));
      TrialResult promoted = task.call(new TrialSpec(0, PARAMS, SEED, 6, 3, StopRule.NEVER));
      TrialResult unbroken =
          task(checkpoints("unbroken-" + batching), snapshot, graph.fingerprint(), sampled)
              .call(new TrialSpec(0, PARAMS, SEED, 6, 0, StopRule.NEVER));
      assertThat(promoted.placement().batching()).isEqualTo(batching);
      assertThat(promoted.resumedFrom()).isEqualTo(3);
      assertThat(promoted.curve()).startsWith(rung.curve()).isEqualTo(unbroken.curve());
      assertThat(promoted.scores()).isEqualTo(unbroken.scores());
      int trainingNodes = graph.labelledNodes(GraphSnapshot.Split.TRAIN).length;
      assertThat(promoted.epochLog())
          .as("each epoch's batches: %d training nodes, 100 a batch", trainingNodes)
          .allSatisfy(e -> assertThat(e.batches()).isEqualTo((trainingNodes + 99) / 100));
    }
  }

  private TrialCheckpoints checkpoints(String name) {
    return new TrialCheckpoints(
        new HadoopConf(new Configuration()), dir.resolve("checkpoints/" + name).toString());
  }

  @Test
  void trialsThatShareThePretrainingSettingsShareOneEncoderOnTheFilesystem() throws IOException {
    GraphSnapshot graph = TwoRings.graph();
    String snapshot = writeSnapshot(graph, dir.resolve("snapshot"));
    String train =
        "train: {epochs: 12, patience: 12, pretrain: masked, pretrain_epochs: 5, dropout: 0.2}";
    TrialTask task = task(checkpoints("run"), snapshot, graph.fingerprint(), train);
    for (int trial = 0; trial < 3; trial++) {
      Map<String, Object> params = Map.of("lr", 0.01 * (trial + 1), "hidden", 8);
      assertThat(task.call(new TrialSpec(trial, params, SEED + trial)).status())
          .isEqualTo(TrialState.COMPLETE);
    }
    // A wider encoder is another encoder.
    task.call(new TrialSpec(3, Map.of("lr", 0.01, "hidden", 16), SEED));
    try (var files = Files.list(dir.resolve("pretrained"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".enc")))
          .hasSize(2)
          .allMatch(n -> n.startsWith("masked-"));
    }
  }

  private TrialTask task(TrialCheckpoints checkpoints, String snapshot, String fingerprint) {
    return task(checkpoints, snapshot, fingerprint, "train: {epochs: 12, patience: 12}");
  }

  private TrialTask task(
      TrialCheckpoints checkpoints, String snapshot, String fingerprint, String train) {
    return new TrialTask(
        new HadoopConf(new Configuration()),
        checkpoints,
        snapshot,
        fingerprint,
        TestConfigs.load(dir, train).train(),
        1,
        true,
        new PretrainedEncoders(
            new HadoopConf(new Configuration()), dir.resolve("pretrained").toString()));
  }

  private static String writeSnapshot(GraphSnapshot graph, Path folder) throws IOException {
    SnapshotFormat.write(graph, folder);
    return folder.toString();
  }
}
