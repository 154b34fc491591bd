package org.autoglm.train;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment variables a training process needs and cannot set for itself: glibc's malloc and
 * OpenBLAS read them when the process starts. {@code bin/native-env.sh} exports them for local runs
 * (and explains each), Spark executors get them through {@code spark.executorEnv}, the tests
 * through surefire; a value already set wins everywhere.
 *
 * <ul>
 *   <li>{@code MALLOC_ARENA_MAX=1}: glibc gives each thread but the process's first its own arena
 *       of 64 MB heaps, unmapped whenever one empties; a trial thread's large temporaries (a wide
 *       GAT's edge messages, 48 MB at 114 × 8 heads on Cora) then page-fault in again every step.
 *       One arena keeps freed memory in the process: that GAT's epochs took 108 ms instead of 274
 *       beside another trial ({@code bench/arena.sh}).
 *   <li>{@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}: the same for the main arena
 *       and tensors of a few MB.
 *   <li>{@code OPENBLAS_NUM_THREADS=1}: OpenBLAS, if a user lets MLlib load it, spreads every
 *       product over all cores whatever a trial's thread count.
 * </ul>
 */
public final class NativeEnvironment {
  /** Each variable and the value a training process gets when it was not set. */
  public static final Map<String, String> VARIABLES =
      Map.of(
          "MALLOC_ARENA_MAX", "1",
          "MALLOC_MMAP_THRESHOLD_", "67108864",
          "MALLOC_TRIM_THRESHOLD_", "536870912",
          "OPENBLAS_NUM_THREADS", "1");

  /**
   * The variables for a JVM that scores and does not train ({@code predict}): one arena and one
   * OpenBLAS thread, and glibc's own thresholds. Scoring frees each batch's tensors once, in sizes
   * that vary with its neighbourhoods; with the fixed thresholds the arena kept every free chunk
   * and grew with the run (a GraphSAGE scoring 500,000 nodes: 1.75 GB of heap arena; 0.74-0.90 GB
   * with glibc's own, {@code bench/predict.sh}).
   */
  public static final Map<String, String> SCORING =
      Map.of("MALLOC_ARENA_MAX", "1", "OPENBLAS_NUM_THREADS", "1");

  private NativeEnvironment() {}

  /** {@link #VARIABLES} as Spark's {@code spark.executorEnv.<name>} settings, for executors. */
  public static Map<String, Object> asExecutorEnv() {
    return asExecutorEnv(VARIABLES);
  }

  /** {@code variables} as Spark's {@code spark.executorEnv.<name>} settings, for executors. */
  public static Map<String, Object> asExecutorEnv(Map<String, String> variables) {
    return variables.entrySet().stream()
        .collect(Collectors.toMap(e -> "spark.executorEnv." + e.getKey(), Map.Entry::getValue));
  }

  /** The variables of {@link #VARIABLES} that {@code environment} lacks, in name order. */
  public static List<String> missingFrom(Map<String, String> environment) {
    return VARIABLES.keySet().stream()
        .filter(name -> !environment.containsKey(name))
        .sorted()
        .toList();
  }
}
