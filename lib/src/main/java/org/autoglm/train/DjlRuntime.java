package org.autoglm.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The one place that starts DJL's PyTorch engine in a JVM and prepares a thread to train on it.
 *
 * <p>Trials in one JVM train at the same time, each on its own thread. Everything a trial sets in
 * the engine is per thread: grad mode (PyTorch's is thread-local), the intra-op thread count
 * (OpenMP's and MKL's are per calling thread), and gradients, which each trial zeroes on its own
 * parameters. DJL's {@code PtGradientCollector} is not used: it allows one collector per JVM (a
 * static flag) and its {@code zeroGradients()} walks every array in the JVM. No trial draws from
 * the engine's (process-wide) random generator: weights and dropout masks are drawn in Java from
 * the trial's seed.
 */
public final class DjlRuntime {
  private static volatile boolean started;

  private DjlRuntime() {}

  /**
   * Starts the engine once per JVM: natives from the jar, no downloads, no telemetry, and no system
   * BLAS in its way if Spark has not loaded one yet (see {@link SystemBlas}).
   */
  public static synchronized void start() {
    if (started) {
      return;
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    SystemBlas.keepOutOfThisJvm();
    Engine.getEngine("PyTorch");
    started = true;
  }

  /**
   * Runs {@code work} on this thread with gradients off outside {@link #recordingGradients} and
   * {@code threads} intra-op threads; other threads of the JVM may train at the same time.
   */
  public static <T> T onThisThread(int threads, Supplier<T> work) {
    start();
    // PyTorch's grad mode is per thread and on in new threads; DJL turns it off only on the
    // thread that started the engine. Spark runs each task on its own thread.
    JniUtils.setGradMode(false);
    // A thread's first parallel operation sets its count from the last count any thread set;
    // asking for the count first makes that happen now, before this trial's own count.
    JniUtils.getNumThreads();
    JniUtils.setNumThreads(Math.max(1, threads));
    return work.get();
  }

  /**
   * Records the autograd graph on this thread until closed (a training step's forward and
   * backward); the thread's own replacement for DJL's JVM-wide gradient collector.
   */
  public static GradRecording recordingGradients() {
    JniUtils.setGradMode(true);
    return () -> JniUtils.setGradMode(false);
  }

  /** Grad mode on this thread, on until {@link #close}. */
  public interface GradRecording extends AutoCloseable {
    @Override
    void close();
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
