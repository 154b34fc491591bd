package org.autoglm.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.autoglm.config.ExperimentConfig.TrainConfig;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.TrialResult;
import org.autoglm.study.TrialSettings;
import org.autoglm.train.BatchPlan;
import org.autoglm.train.Checkpoint;
import org.autoglm.train.EpochCheck;
import org.autoglm.train.EpochRecord;
import org.autoglm.train.EpochScores;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainRun;
import org.autoglm.train.TrainSettings;

/**
 * Executor side of one trial run: load the snapshot (once per JVM), pick the task's device, train
 * (a promotion from its checkpoint) with as many threads as the task has CPUs, save the checkpoint
 * of a run that completed, and return a small result. Any exception becomes a FAILED result; the
 * study goes on. Several run at once in one executor JVM, one per task thread.
 */
final class TrialTask implements Function<TrialSpec, TrialResult> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_ERROR_CHARS = 2000;

  private final HadoopConf conf;
  private final TrialCheckpoints checkpoints;
  private final String snapshotDir;
  private final String fingerprint;
  private final TrainConfig train;
  private final int threads;
  private final boolean logEpochs;
  private final PretrainedEncoders encoders;

  /**
   * {@code threads} per trial; 0 takes the task's CPUs from its resource profile (on a cluster,
   * where Spark schedules them). {@code logEpochs}: return what every epoch measured. {@code
   * encoders}: where pretrained encoders of this graph are kept.
   */
  TrialTask(
      HadoopConf conf,
      TrialCheckpoints checkpoints,
      String snapshotDir,
      String fingerprint,
      TrainConfig train,
      int threads,
      boolean logEpochs,
      PretrainedEncoders encoders) {
    this.conf = conf;
    this.checkpoints = checkpoints;
    this.snapshotDir = snapshotDir;
    this.fingerprint = fingerprint;
    this.train = train;
    this.threads = threads;
    this.logEpochs = logEpochs;
    this.encoders = encoders;
  }

  @Override
  public TrialResult call(TrialSpec spec) {
    Instant start = Instant.now();
    TaskContext task = TaskContext.get();
    String executor = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
    int cpus = threads > 0 ? threads : task == null ? 1 : task.cpus();
    List<String> gpus = gpuAddresses(task);
    TrialResult.Placement placement = new TrialResult.Placement(executor, "cpu", cpus, gpus, "-");
    try {
      placement =
          new TrialResult.Placement(executor, device(train.device(), gpus), cpus, gpus, "-");
      TrainSettings settings =
          TrialSettings.resolve(train, spec.params(), spec.seed(), cpus, placement.device());
      SnapshotFormat.Header header = SnapshotCache.header(conf, snapshotDir, fingerprint);
      // Decided from the header, before anything graph-sized is read: a sampled trial never
      // loads the graph onto its heap.
      BatchPlan.GraphSize size = BatchPlan.GraphSize.of(header);
      TrainSettings.Batching batching = BatchPlan.resolve(size, settings);
      placement = placement.batched(batching.name().toLowerCase(java.util.Locale.ROOT));
      // A promotion continues from its rung's checkpoint; without one (deleted, or a run that
      // crashed before writing it) it retrains from scratch, which gives the same weights.
      Checkpoint resume = spec.isPromotion() ? checkpoints.load(spec.trialId()).orElse(null) : null;
      Monitor monitor =
          new Monitor(spec, resume == null ? new double[0] : resume.valCurve(), logEpochs);
      RunLog.LOG.info(
          "trial {} trains on {} with {} thread(s) on executor {}, {}{}",
          spec.trialId(),
          placement.device(),
          cpus,
          executor,
          switch (batching) {
            case FULL -> "full-batch";
            case SUBGRAPH -> "on random-walk subgraphs" + BatchPlan.samplingReason(size, settings);
            default -> "on sampled neighbourhoods" + BatchPlan.samplingReason(size, settings);
          },
          resume == null ? "" : ", from its checkpoint at epoch " + resume.epoch());
      TrainRun run =
          batching == TrainSettings.Batching.FULL
              ? NodeClassificationTrainer.run(
                  SnapshotCache.get(conf, snapshotDir, fingerprint),
                  settings,
                  monitor,
                  resume,
                  encoders)
              : NodeClassificationTrainer.runSampled(
                  SnapshotCache.store(conf, snapshotDir, header),
                  settings,
                  batching,
                  monitor,
                  resume);
      TrainOutcome outcome = run.outcome();
      TrialState status =
          outcome.diverged()
              ? TrialState.FAILED
              : monitor.pruned ? TrialState.PRUNED : TrialState.COMPLETE;
      if (status == TrialState.COMPLETE) {
        checkpoints.save(spec.trialId(), run.checkpoint()); // to promote, or the best model
      }
      EpochScores scores = outcome.best();
      RunLog.LOG.info(
          "trial {} {}: {} {} at epoch {} of {}, {} s",
          spec.trialId(),
          status,
          "val_" + outcome.metric(),
          scores.valScore(),
          outcome.bestEpoch(),
          outcome.epochsRun(),
          String.format(java.util.Locale.ROOT, "%.2f", outcome.trainSeconds()));
      return TrialResult.builder(spec.trialId(), TrialResult.paramsText(spec.params()), status)
          .scores(
              new TrialResult.Scores(
                  outcome.metric(),
                  Math.max(0, scores.valScore()), // a run with no epoch has -Infinity
                  outcome.valAccuracy(),
                  scores.testScore(),
                  scores.testAccuracy(),
                  scores.testMacroF1()))
          .epochs(outcome.bestEpoch(), outcome.epochsRun(), resume == null ? 0 : resume.epoch())
          .trainSeconds(outcome.trainSeconds())
          .seed(spec.seed())
          .placement(placement)
          .time(start, Instant.now())
          .error(outcome.diverged() ? "diverged: the loss became NaN or infinite" : null)
          .curve(monitor.curve.stream().mapToDouble(Double::doubleValue).toArray())
          .epochLog(monitor.epochLog)
          .reevaluates(spec.reevaluates())
          .build();
    } catch (Exception e) {
      RunLog.LOG.warn("trial {} failed: {}", spec.trialId(), describe(e));
      return TrialResult.failed(spec, placement, start, Instant.now(), describe(e));
    }
  }

  /**
   * Ends a run at its rung (the spec's resource) or when the pruner's rule fires, and keeps the
   * validation curve from the first epoch (a resumed run starts with its checkpoint's).
   */
  private static final class Monitor implements EpochCheck {
    final TrialSpec spec;
    final boolean logEpochs;
    final List<Double> curve = new ArrayList<>();
    final List<EpochRecord> epochLog = new ArrayList<>();
    boolean pruned;

    Monitor(TrialSpec spec, double[] earlier, boolean logEpochs) {
      this.spec = spec;
      this.logEpochs = logEpochs;
      for (double value : earlier) {
        curve.add(value);
      }
    }

    @Override
    public boolean stopAfter(EpochRecord epoch) {
      curve.add(epoch.valScore());
      if (logEpochs) {
        epochLog.add(epoch);
      }
      if (spec.resource() > 0 && epoch.epoch() >= spec.resource()) {
        return true;
      }
      pruned = spec.stopRule().shouldStop(curve);
      return pruned;
    }

    @Override
    public boolean wantsGradientNorm() {
      return logEpochs;
    }
  }

  /** The GPU addresses Spark assigned to the task (a shared GPU's too); none outside a task. */
  static List<String> gpuAddresses(TaskContext task) {
    ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }

  /** {@code auto}: the task's first GPU when Spark scheduled one, else the CPU. */
  static String device(String preference, List<String> gpus) {
    return switch (preference) {
      case "cpu" -> "cpu";
      case "gpu" -> {
        if (gpus.isEmpty()) {
          throw new IllegalStateException(
              "train.device is gpu but Spark gave this task no GPU; set resources.trial.gpus"
                  + " (e.g. 1, or 0.5 to share one) and give executors GPUs (conf/spark/)");
        }
        yield "gpu:" + gpus.get(0);
      }
      default -> gpus.isEmpty() ? "cpu" : "gpu:" + gpus.get(0);
    };
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text.toString();
  }
}
