package org.autoglm.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one place that starts DJL's PyTorch engine in a JVM and serialises training in it.
 *
 * <p>DJL's PyTorch gradient collector is JVM-global, so two trials in backward at once throw; every
 * trial in a JVM runs under {@link #exclusively}. On clusters, run one trial per executor.
 */
public final class DjlRuntime {
  private static final ReentrantLock TRAINING_LOCK = new ReentrantLock(true);
  private static volatile boolean started;

  private DjlRuntime() {}

  /** Starts the engine once per JVM: natives from the jar, no downloads, no telemetry. */
  public static synchronized void start() {
    if (started) {
      return;
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    Engine.getEngine("PyTorch");
    started = true;
  }

  /**
   * Runs {@code work} holding the JVM's training lock, with the engine seeded, gradients off
   * outside collectors, and its intra-op thread count set: a seed alone decides every random draw.
   */
  public static <T> T exclusively(long seed, int threads, Supplier<T> work) {
    start();
    TRAINING_LOCK.lock();
    try {
      // PyTorch's grad mode is per thread and on in new threads; DJL turns it off only on the
      // thread that started the engine. Spark runs each task on its own thread.
      JniUtils.setGradMode(false);
      JniUtils.setNumThreads(Math.max(1, threads));
      JniUtils.setSeed(seed);
      return work.get();
    } finally {
      TRAINING_LOCK.unlock();
    }
  }

  /** The DJL device for a device name: {@code cpu} or {@code gpu:<id>}. */
  public static Device device(String name) {
    if (name.equals("cpu")) {
      return Device.cpu();
    }
    if (name.startsWith("gpu:")) {
      return Device.gpu(Integer.parseInt(name.substring(4)));
    }
    throw new IllegalArgumentException("device '" + name + "' must be 'cpu' or 'gpu:<id>'");
  }
}
