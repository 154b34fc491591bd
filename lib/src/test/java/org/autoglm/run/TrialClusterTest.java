package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.actions.RunAction;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.testing.LocalCluster;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials on a real multi-JVM cluster ({@code local-cluster}: a standalone master and workers, every
 * executor a JVM of its own): stage-level resources, GPU addresses, executor loss.
 */
@Tag("slow")
class TrialClusterTest {
  private static final String STUDY =
      TestConfigs.tinyGraph(4)
          + """
      study: {name: cluster, seed: 7}
      search:
        trials: 6
        space:
          lr: {type: float, low: 0.005, high: 0.05, log: true}
          hidden: {type: int, low: 16, high: 32}
      train: {epochs: 300, patience: 300, device: cpu}
      """;

  @TempDir Path output;

  @Test
  void trialsTakeWholeGpusUnderTheirProfileWhileDataStagesUseEveryCore() throws Exception {
    SparkSession spark = LocalCluster.start(2, 2, 1024, gpuCluster(Map.of()));
    try {
      LocalCluster.awaitExecutors(spark, 2);
      Stages stages = new Stages();
      spark.sparkContext().addSparkListener(stages);
      // No CUDA here: trials train on the CPU, and their rows say which GPU Spark gave them.
      ExperimentConfig config =
          TestConfigs.load(output, STUDY, "resources.trial.gpus=1", "search.trials=4");
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      RunAction.Result result =
          new RunAction(spark, config, LocalDate.of(2026, 12, 1), print(console)).execute();

      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains("[autoglm] tune: 2 trial(s) at once, each a task of 1 CPU(s) and 1.0 GPU(s)");
      List<Row> rows = trialRows(spark, result);
      assertThat(rows).hasSize(4).allMatch(r -> r.getString(1).equals("COMPLETE"));
      assertThat(rows).allSatisfy(r -> assertThat(r.<String>getList(3)).hasSize(1));
      assertThat(sameAddressAtOnce(rows)).as("one trial per GPU at a time: %s", rows).isFalse();
      // Trial stages run under their own profile; collect, clean and the journal under Spark's
      // default one, which holds no GPU: a data stage runs on all 4 cores, not on the 2 GPUs.
      assertThat(stages.profilesOf(TrialLauncher.JOB_GROUP)).hasSize(1).doesNotContain(0);
      assertThat(stages.profilesOutside(TrialLauncher.JOB_GROUP)).containsExactly(0);
      assertThat(mostTasksAtOnce(spark, 8)).isEqualTo(4);
    } finally {
      spark.stop();
    }
  }

  @Test
  void trialsShareAGpuInTheSharesTheyAskFor() throws Exception {
    ExperimentConfig config =
        TestConfigs.load(output, STUDY, "resources.trial.gpus=0.5", "search.trials=4");
    Map<String, String> cluster = gpuCluster(Map.of());
    cluster.putAll(TrialResources.sessionSettings(config.resources(), cluster::get));
    assertThat(cluster).containsEntry("spark.task.resource.gpu.amount", "0.5");
    SparkSession spark = LocalCluster.start(2, 2, 1024, cluster);
    try {
      LocalCluster.awaitExecutors(spark, 2);
      RunAction.Result result =
          new RunAction(
                  spark, config, LocalDate.of(2026, 12, 1), print(new ByteArrayOutputStream()))
              .execute();

      List<Row> rows = trialRows(spark, result);
      assertThat(rows).hasSize(4).allMatch(r -> r.getString(1).equals("COMPLETE"));
      for (Row r : rows) {
        assertThat(r.<String>getList(3)).hasSize(1).containsAnyOf("0", "1");
      }
      // Each executor holds one of its worker's two GPUs, which two trials share at once.
      Map<String, Set<String>> addressesByExecutor =
          rows.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.getString(2),
                      Collectors.mapping(r -> r.<String>getList(3).get(0), Collectors.toSet())));
      assertThat(addressesByExecutor).hasSize(2).allSatisfy((e, a) -> assertThat(a).hasSize(1));
      assertThat(sameAddressAtOnce(rows)).as("two trials on one GPU at once: %s", rows).isTrue();
    } finally {
      spark.stop();
    }
  }

  /** Two workers with GPUs "0" and "1" each; every executor takes one of them. */
  private static Map<String, String> gpuCluster(Map<String, String> more) {
    Map<String, String> conf =
        new HashMap<>(
            Map.of(
                "spark.worker.resource.gpu.amount", "2",
                "spark.worker.resource.gpu.discoveryScript", LocalCluster.fakeGpuDiscovery(),
                "spark.executor.resource.gpu.amount", "1"));
    conf.putAll(more);
    return conf;
  }

  private List<Row> trialRows(SparkSession spark, RunAction.Result result) {
    return spark
        .read()
        .format("delta")
        .load(output.resolve("trials").toString())
        .filter("run_id = '" + result.provenance().runId() + "'")
        .select("trial_id", "status", "executor_id", "task_gpus", "start_time", "end_time")
        .collectAsList();
  }

  /** The most of {@code tasks} 600 ms tasks of a default-profile stage running at one moment. */
  private static int mostTasksAtOnce(SparkSession spark, int tasks) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      ids.add(i);
    }
    List<long[]> intervals =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(ids, tasks)
            .map(
                i -> {
                  long start = System.currentTimeMillis(); // one machine, one clock
                  Thread.sleep(600);
                  return new long[] {start, System.currentTimeMillis()};
                })
            .collect();
    int most = 0;
    for (long[] a : intervals) {
      int running = 0;
      for (long[] b : intervals) {
        running += b[0] <= a[0] && a[0] < b[1] ? 1 : 0;
      }
      most = Math.max(most, running);
    }
    return most;
  }

  @Test
  void anExecutorLostMidTrialIsRetriedAndOneLostEveryTimeFailsAloneExactlyOnce() throws Exception {
    SparkSession spark = LocalCluster.start(2, 1, 1024, Map.of());
    ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    try {
      LocalCluster.awaitExecutors(spark, 2);
      Stages stages = new Stages();
      // Trial 1's first attempt loses its executor; trial 3 loses it on every attempt.
      stages.onTrialTaskStart =
          (trial, attempt, executor, taskId) -> {
            if (trial == 3 || (trial == 1 && attempt == 0)) {
              killer.schedule(
                  () -> {
                    if (stages.running.contains(taskId)) {
                      stages.kills.add(trial);
                      LocalCluster.executorProcess(spark, executor).destroyForcibly();
                    }
                  },
                  300,
                  TimeUnit.MILLISECONDS);
            }
          };
      spark.sparkContext().addSparkListener(stages);
      ExperimentConfig config = TestConfigs.load(output, STUDY, "search.parallelism=2");
      RunAction.Result result =
          new RunAction(
                  spark, config, LocalDate.of(2026, 12, 1), print(new ByteArrayOutputStream()))
              .execute();

      assertThat(stages.kills).containsExactlyInAnyOrder(1, 3, 3, 3, 3);
      List<Row> rows =
          spark
              .read()
              .format("delta")
              .load(output.resolve("trials").toString())
              .filter("run_id = '" + result.provenance().runId() + "'")
              .select("trial_id", "status", "error")
              .orderBy("trial_id")
              .collectAsList();
      assertThat(rows).extracting(r -> r.getInt(0)).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(rows)
          .filteredOn(r -> r.getInt(0) != 3)
          .allMatch(r -> r.getString(1).equals("COMPLETE"));
      Row lost = rows.get(3);
      assertThat(lost.getString(1)).isEqualTo("FAILED");
      assertThat(lost.getString(2))
          .startsWith("Spark gave up on the trial's task: ")
          .contains("failed 4 times")
          .contains("ExecutorLostFailure");
      assertThat(result.trials()).hasSize(6);
    } finally {
      killer.shutdownNow();
      spark.stop();
    }
  }

  /** Did two trials on one executor and GPU address run at the same time? */
  private static boolean sameAddressAtOnce(List<Row> rows) {
    for (Row a : rows) {
      for (Row b : rows) {
        if (a != b
            && a.getString(2).equals(b.getString(2))
            && a.<String>getList(3).equals(b.<String>getList(3))
            && a.getTimestamp(4).before(b.getTimestamp(5))
            && b.getTimestamp(4).before(a.getTimestamp(5))) {
          return true;
        }
      }
    }
    return false;
  }

  /** What ran where: each stage's job group and resource profile, tasks as they start and end. */
  private static final class Stages extends SparkListener {
    interface TrialTaskStart {
      void started(int trial, int attempt, String executor, long taskId);
    }

    final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
    final Map<Integer, Integer> trialOfStage = new ConcurrentHashMap<>();
    final Map<Integer, Integer> profileOfStage = new ConcurrentHashMap<>();
    final Set<Long> running = ConcurrentHashMap.newKeySet();
    final List<Integer> kills = new CopyOnWriteArrayList<>();
    volatile TrialTaskStart onTrialTaskStart = (trial, attempt, executor, taskId) -> {};

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      String group = job.properties().getProperty("spark.jobGroup.id", "");
      String description = job.properties().getProperty("spark.job.description", "");
      scala.collection.Iterator<StageInfo> stages = job.stageInfos().iterator();
      while (stages.hasNext()) {
        StageInfo stage = stages.next();
        groupOfStage.put(stage.stageId(), group);
        profileOfStage.put(stage.stageId(), stage.resourceProfileId());
        if (description.startsWith("tune: trial ")) {
          String id = description.substring("tune: trial ".length()).split("[^0-9]")[0];
          trialOfStage.put(stage.stageId(), Integer.parseInt(id));
        }
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      running.add(start.taskInfo().taskId());
      Integer trial = trialOfStage.get(start.stageId());
      if (trial != null) {
        onTrialTaskStart.started(
            trial,
            start.taskInfo().attemptNumber(),
            start.taskInfo().executorId(),
            start.taskInfo().taskId());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      running.remove(end.taskInfo().taskId());
    }

    Set<Integer> profilesOf(String group) {
      return profileOfStage.entrySet().stream()
          .filter(e -> group.equals(groupOfStage.get(e.getKey())))
          .map(Map.Entry::getValue)
          .collect(Collectors.toSet());
    }

    Set<Integer> profilesOutside(String group) {
      return profileOfStage.entrySet().stream()
          .filter(e -> !group.equals(groupOfStage.get(e.getKey())))
          .map(Map.Entry::getValue)
          .collect(Collectors.toSet());
    }
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
