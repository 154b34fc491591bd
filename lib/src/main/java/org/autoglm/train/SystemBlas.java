package org.autoglm.train;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps the system's BLAS out of libtorch's dense products.
 *
 * <p>MLlib (the baseline, and Spark's linear algebra in general) reaches BLAS, LAPACK and ARPACK
 * through {@code dev.ludovic.netlib} 3.0.3, which opens {@code libblas.so.3}, {@code
 * liblapack.so.3} and {@code libarpack.so.2} with {@code RTLD_GLOBAL}. libtorch exports its own
 * {@code sgemm_} (MKL's) but calls it through its symbol table, so once a system BLAS is global its
 * calls go there instead. With Debian's reference BLAS (what {@code apt-get install python3-torch}
 * brings) a contrastive pretraining run on Cora took 197 s instead of 22 s; with OpenBLAS products
 * spread over every core whatever a trial's thread count. Pointing each library name at one that
 * does not exist makes netlib fall back to its Java code, which for MLlib's vector-sized work is as
 * fast.
 */
public final class SystemBlas {
  /**
   * netlib's properties for the native library each of its loaders opens, set to a name no system
   * has so that it uses Java instead.
   */
  public static final Map<String, String> JAVA_ONLY =
      Map.of(
          "dev.ludovic.netlib.blas.nativeLib", "none",
          "dev.ludovic.netlib.lapack.nativeLib", "none",
          "dev.ludovic.netlib.arpack.nativeLib", "none");

  private SystemBlas() {}

  /**
   * Sets {@link #JAVA_ONLY} in this JVM where not set already (a user's own choice wins). Call it
   * before Spark first touches linear algebra: netlib reads the properties once, when it loads.
   */
  public static void keepOutOfThisJvm() {
    JAVA_ONLY.forEach(
        (key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value);
          }
        });
  }

  /**
   * {@code javaOptions} with {@link #JAVA_ONLY} added as {@code -D} flags where it does not name a
   * property already: for {@code spark.executor.extraJavaOptions}.
   */
  public static String addedTo(String javaOptions) {
    String added =
        JAVA_ONLY.entrySet().stream()
            .filter(e -> !javaOptions.contains("-D" + e.getKey() + "="))
            .map(e -> "-D" + e.getKey() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" "));
    return (javaOptions.strip() + " " + added).strip();
  }
}
