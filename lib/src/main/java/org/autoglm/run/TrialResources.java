package org.autoglm.run;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.autoglm.config.ConfigException;
import org.autoglm.config.ExperimentConfig.ResourcesConfig;

/**
 * How the trial stage uses the cluster: its Spark resource profile, how many trials run at once and
 * with how many threads each.
 *
 * <p>On a cluster manager the trial tasks carry a {@link ResourceProfile} (CPUs and GPUs per task,
 * optionally executors of their own), so data stages keep the default profile. Plain {@code
 * local[*]} rejects task resource profiles: there the same settings decide the trials in flight
 * (the local cores over {@code resources.trial.cpus}) and their threads.
 *
 * @param slots trials in flight at once
 * @param threads intra-op threads per trial; 0 takes the task's CPUs
 * @param profile the trial tasks' profile; null in local mode
 * @param description one line for the console
 */
public record TrialResources(int slots, int threads, ResourceProfile profile, String description) {
  private static final String TASK_GPU_AMOUNT = "spark.task.resource.gpu.amount";
  private static final String EXECUTOR_GPU_AMOUNT = "spark.executor.resource.gpu.amount";

  /**
   * Session settings trials need beyond their profile, unless the session has its own: Spark 3.5
   * shares a GPU between tasks in slots of the session's {@code spark.task.resource.gpu.amount},
   * whatever a stage's profile asks (Spark 4 schedules fractions per profile, SPARK-45527). So for
   * trials that share GPUs on the session's executors, that amount is the trials' share.
   */
  public static Map<String, String> sessionSettings(
      ResourcesConfig resources, UnaryOperator<String> sessionConf) {
    boolean shared = resources.trialGpus() > 0 && resources.trialGpus() < 1;
    if (shared
        && !resources.ownExecutors()
        && sessionConf.apply(EXECUTOR_GPU_AMOUNT) != null
        && sessionConf.apply(TASK_GPU_AMOUNT) == null) {
      return Map.of(TASK_GPU_AMOUNT, Double.toString(resources.trialGpus()));
    }
    return Map.of();
  }

  public static TrialResources plan(SparkContext sc, ResourcesConfig resources, int parallelism) {
    if (sc.isLocal()) {
      int cores = sc.defaultParallelism();
      int slots = capped(Math.max(1, cores / resources.trialCpus()), parallelism);
      return new TrialResources(
          slots,
          resources.trialCpus(),
          null,
          String.format(
              "%d trial(s) at once, %d thread(s) each (local mode: %d cores)",
              slots, resources.trialCpus(), cores));
    }
    SparkConf conf = sc.getConf();
    if (resources.trialGpus() > 0
        && resources.executorGpus() == 0
        && conf.getDouble(EXECUTOR_GPU_AMOUNT, 0) == 0) {
      throw new ConfigException(
          "'resources.trial.gpus' is "
              + resources.trialGpus()
              + " but executors have no GPUs, so no trial could ever start: give them GPUs"
              + " (spark-submit --properties-file conf/spark/gpu-<cluster manager>.conf) or set"
              + " resources.executor.gpus");
    }
    double slotShare = conf.getDouble(TASK_GPU_AMOUNT, 1);
    if (resources.trialGpus() > 0
        && resources.trialGpus() < 1
        && !resources.ownExecutors()
        && slotShare != resources.trialGpus()) {
      throw new ConfigException(
          "'resources.trial.gpus' is "
              + resources.trialGpus()
              + " but Spark 3.5 shares an executor's GPU in slots of "
              + TASK_GPU_AMOUNT
              + " (here "
              + conf.get(TASK_GPU_AMOUNT, "unset, 1")
              + "), whatever the trials ask: set it to "
              + resources.trialGpus()
              + " (autoglm run does when executors have GPUs), or give trials executors of"
              + " their own (resources.executor.gpus)");
    }
    if (resources.ownExecutors() && !conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new ConfigException(
          "resources.executor.* asks for executors of the trials' own, which Spark starts only"
              + " with dynamic allocation: set spark.dynamicAllocation.enabled=true (and"
              + " spark.dynamicAllocation.shuffleTracking.enabled=true), or leave"
              + " resources.executor.* at 0 to run trials on the session's executors");
    }
    ResourceProfile profile = profile(conf, resources);
    // Asked for, the parallelism stands: executors may still be coming (dynamic allocation).
    int slots = parallelism > 0 ? parallelism : clusterSlots(sc, resources);
    return new TrialResources(
        slots,
        0,
        profile,
        String.format(
            "%d trial(s) at once, each a task of %d CPU(s)%s%s",
            slots,
            resources.trialCpus(),
            resources.trialGpus() > 0 ? " and " + resources.trialGpus() + " GPU(s)" : "",
            resources.ownExecutors() ? " on executors of their own" : ""));
  }

  /** The trial tasks' profile: task requests, and executor requests when trials want their own. */
  static ResourceProfile profile(SparkConf conf, ResourcesConfig resources) {
    TaskResourceRequests task = new TaskResourceRequests().cpus(resources.trialCpus());
    if (resources.trialGpus() > 0) {
      task.resource("gpu", resources.trialGpus());
    }
    ResourceProfileBuilder builder = new ResourceProfileBuilder().require(task);
    if (resources.ownExecutors()) {
      ExecutorResourceRequests executor = new ExecutorResourceRequests();
      if (resources.executorCores() > 0) {
        executor.cores(resources.executorCores());
      }
      if (resources.executorMemory() != null) {
        executor.memory(resources.executorMemory());
      }
      if (resources.executorGpus() > 0) {
        executor.resource(
            "gpu",
            resources.executorGpus(),
            conf.get("spark.executor.resource.gpu.discoveryScript", ""),
            conf.get("spark.executor.resource.gpu.vendor", ""));
      }
      builder.require(executor);
    }
    return builder.build();
  }

  /**
   * Trial slots of the executors registered now: their cores over a trial's CPUs, and with GPUs,
   * their GPUs over a trial's share. With none registered yet (dynamic allocation), the most
   * executors it may start, or 1.
   */
  private static int clusterSlots(SparkContext sc, ResourcesConfig resources) {
    SparkConf conf = sc.getConf();
    int executors = Math.max(0, sc.statusTracker().getExecutorInfos().length - 1); // not the driver
    if (executors == 0) {
      executors = conf.getInt("spark.dynamicAllocation.maxExecutors", 1);
      executors = executors == Integer.MAX_VALUE ? 1 : executors;
    }
    int cores =
        resources.executorCores() > 0
            ? resources.executorCores()
            : executors > 0 ? Math.max(1, sc.defaultParallelism() / executors) : 1;
    int perExecutor = Math.max(1, cores / resources.trialCpus());
    if (resources.trialGpus() > 0) {
      double gpus =
          resources.executorGpus() > 0
              ? resources.executorGpus()
              : conf.getDouble(EXECUTOR_GPU_AMOUNT, 0);
      perExecutor = Math.min(perExecutor, (int) Math.floor(gpus / resources.trialGpus() + 1e-9));
    }
    return Math.max(1, executors * perExecutor);
  }

  private static int capped(int slots, int parallelism) {
    return parallelism > 0 ? Math.min(slots, parallelism) : slots;
  }
}
