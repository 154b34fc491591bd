package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemBlasTest {
  @Test
  void executorOptionsGetEveryLibraryNameAddedToTheOnesGiven() {
    assertThat(SystemBlas.addedTo(""))
        .isEqualTo(
            "-Ddev.ludovic.netlib.arpack.nativeLib=none"
                + " -Ddev.ludovic.netlib.blas.nativeLib=none"
                + " -Ddev.ludovic.netlib.lapack.nativeLib=none");
    assertThat(SystemBlas.addedTo(" -Xss4m "))
        .startsWith("-Xss4m -Ddev.ludovic.netlib.arpack.nativeLib=none ");
  }

  @Test
  void aLibraryTheUserNamedIsKept() {
    String given = "-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0";
    assertThat(SystemBlas.addedTo(given))
        .isEqualTo(
            given
                + " -Ddev.ludovic.netlib.arpack.nativeLib=none"
                + " -Ddev.ludovic.netlib.lapack.nativeLib=none");
  }

  @Test
  void thisJvmGetsThePropertiesNotSetAlreadyAndKeepsTheOthers() {
    Map<String, String> before = new HashMap<>();
    SystemBlas.JAVA_ONLY.keySet().forEach(key -> before.put(key, System.getProperty(key)));
    try {
      SystemBlas.JAVA_ONLY.keySet().forEach(System::clearProperty);
      System.setProperty("dev.ludovic.netlib.blas.nativeLib", "libopenblas.so.0");
      SystemBlas.keepOutOfThisJvm();
      assertThat(System.getProperty("dev.ludovic.netlib.blas.nativeLib"))
          .isEqualTo("libopenblas.so.0");
      assertThat(System.getProperty("dev.ludovic.netlib.lapack.nativeLib")).isEqualTo("none");
      assertThat(System.getProperty("dev.ludovic.netlib.arpack.nativeLib")).isEqualTo("none");
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              System.clearProperty(key);
            } else {
              System.setProperty(key, value);
            }
          });
    }
  }
}
