package org.autoglm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.autoglm.run.HadoopConf;
import org.autoglm.run.SnapshotCache;
import org.autoglm.train.BatchPlan;
import org.autoglm.train.EpochCheck;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphStore;
import org.autoglm.train.NodeClassificationTrainer;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.TrainOutcome;
import org.autoglm.train.TrainSettings;

/**
 * One trial on a study's snapshot, alone in this JVM, as an executor runs it: the batching decided
 * from the header, the local store built (sampled) or the snapshot loaded (full), then training,
 * while a thread samples the process's memory from {@code /proc/self/status} every 50 ms.
 *
 * <p>Prints one TSV row: {@code nodes, edges, batching, store_or_load_seconds, epoch_seconds,
 * training_nodes_per_second, test_accuracy, peak_rss_mb, peak_anon_mb, peak_file_mb,
 * rss_before_mb}, or {@code refused} and the trial's message when full-batch does not fit.
 *
 * <p>Usage: {@code TrialMemoryBenchmark <snapshot-dir> <model> <batching> <epochs> <batch-size>
 * <fanouts> <threads> <memory-budget-mb>}
 */
public final class TrialMemoryBenchmark {
  private TrialMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    TrainSettings settings =
        TrainSettings.builder()
            .set(
                TrainSettings::model,
                TrainSettings.ModelKind.valueOf(args[1].toUpperCase(Locale.ROOT)))
            .set(
                TrainSettings::batching,
                TrainSettings.Batching.valueOf(args[2].toUpperCase(Locale.ROOT)))
            .set(TrainSettings::epochs, Integer.parseInt(args[3]))
            .set(TrainSettings::patience, Integer.parseInt(args[3]))
            .set(TrainSettings::batchSize, Integer.parseInt(args[4]))
            .set(
                TrainSettings::fanouts,
                Arrays.stream(args[5].split(",")).map(Integer::valueOf).toList())
            .set(TrainSettings::threads, Integer.parseInt(args[6]))
            .set(TrainSettings::memoryBudgetMb, Integer.parseInt(args[7]))
            .set(TrainSettings::hidden, 64)
            .set(TrainSettings::dropout, 0.5)
            .set(TrainSettings::learningRate, 0.01)
            .set(TrainSettings::seed, 1)
            .build();
    HadoopConf conf = new HadoopConf(new Configuration());
    SnapshotFormat.Header header = SnapshotCache.header(conf, dir).orElseThrow();
    MemoryWatch watch = MemoryWatch.start();
    long before = watch.current()[0];
    TrainSettings.Batching batching;
    try {
      batching = BatchPlan.resolve(BatchPlan.GraphSize.of(header), settings);
    } catch (IllegalArgumentException refused) {
      System.out.printf(
          Locale.ROOT,
          "%d\t%d\trefused\t%s%n",
          header.numNodes(),
          header.numEdges(),
          refused.getMessage());
      return;
    }
    long started = System.nanoTime();
    TrainOutcome outcome;
    int trainingNodes;
    double prepareSeconds;
    if (batching == TrainSettings.Batching.FULL) {
      GraphSnapshot graph = SnapshotCache.get(conf, dir, header.fingerprint());
      prepareSeconds = (System.nanoTime() - started) / 1e9;
      trainingNodes = graph.labelledNodes(GraphSnapshot.Split.TRAIN).length;
      outcome = NodeClassificationTrainer.train(graph, settings);
    } else {
      GraphStore store = SnapshotCache.store(conf, dir, header);
      prepareSeconds = (System.nanoTime() - started) / 1e9;
      trainingNodes = store.labelledNodes(GraphSnapshot.Split.TRAIN).length;
      outcome =
          NodeClassificationTrainer.runSampled(store, settings, batching, EpochCheck.NEVER, null)
              .outcome();
    }
    long[] peak = watch.stop();
    double epochSeconds = outcome.medianStepMillis() / 1000;
    System.out.printf(
        Locale.ROOT,
        "%d\t%d\t%s\t%.1f\t%.2f\t%.0f\t%.4f\t%d\t%d\t%d\t%d%n",
        header.numNodes(),
        header.numEdges(),
        batching.name().toLowerCase(Locale.ROOT),
        prepareSeconds,
        epochSeconds,
        trainingNodes / epochSeconds,
        outcome.testAccuracy(),
        peak[0] >> 10,
        peak[1] >> 10,
        peak[2] >> 10,
        before >> 10);
  }

  /** Peaks of VmRSS, RssAnon and RssFile (KiB), sampled on a daemon thread. */
  private static final class MemoryWatch {
    private final long[] peak = new long[3];
    private volatile boolean running = true;
    private Thread thread;

    static MemoryWatch start() {
      MemoryWatch watch = new MemoryWatch();
      watch.thread =
          new Thread(
              () -> {
                while (watch.running) {
                  long[] now = watch.current();
                  synchronized (watch.peak) {
                    for (int i = 0; i < 3; i++) {
                      watch.peak[i] = Math.max(watch.peak[i], now[i]);
                    }
                  }
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      watch.thread.setDaemon(true);
      watch.thread.start();
      return watch;
    }

    long[] current() {
      long[] kib = new long[3];
      try {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
        for (String line : lines) {
          String[] parts = line.split("\\s+");
          switch (parts[0]) {
            case "VmRSS:" -> kib[0] = Long.parseLong(parts[1]);
            case "RssAnon:" -> kib[1] = Long.parseLong(parts[1]);
            case "RssFile:" -> kib[2] = Long.parseLong(parts[1]);
            default -> {}
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return kib;
    }

    long[] stop() throws InterruptedException {
      running = false;
      thread.join();
      long[] now = current();
      synchronized (peak) {
        for (int i = 0; i < 3; i++) {
          peak[i] = Math.max(peak[i], now[i]);
        }
        return peak.clone();
      }
    }
  }
}
