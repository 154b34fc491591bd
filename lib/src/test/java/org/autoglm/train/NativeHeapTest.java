package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
  private static final int MB = 1 << 20;

  @Test
  void freedChunksInsideTheArenaLeaveTheProcess() throws IOException {
    assumeTrue(Platform.isLinux(), "malloc_trim is glibc's");
    // The tests run with training's settings (one arena, fixed thresholds): 1 MB blocks come from
    // the arena and, freed below a live one, stay resident in it.
    List<Long> blocks = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      long block = Native.malloc(MB);
      new Pointer(block).setMemory(0, MB, (byte) 1);
      blocks.add(block);
    }
    for (int i = 0; i < 64; i++) {
      Native.free(blocks.get(i));
    }
    long before = arenaResidentKb();
    assertThat(NativeHeap.giveBackFreePages()).isTrue();
    assertThat(before - arenaResidentKb()).as("KB given back").isGreaterThan(48 * 1024);
    Native.free(blocks.get(64));
  }

  /** Resident KB of the main arena, the process's {@code [heap]} mapping. */
  private static long arenaResidentKb() throws IOException {
    boolean inHeap = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        inHeap = line.endsWith("[heap]");
      } else if (inHeap && line.startsWith("Rss:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return 0;
  }
}
