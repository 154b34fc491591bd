package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values read across the seams between mappings: 64-byte mappings stand in for 1 GiB ones. */
class MappedArrayTest {
  @TempDir Path dir;

  @Test
  void readsEveryValueWholeAcrossMappings() throws IOException {
    Path ints = dir.resolve("ints.bin");
    Path longs = dir.resolve("longs.bin");
    try (DataOutputStream i = new DataOutputStream(Files.newOutputStream(ints));
        DataOutputStream l = new DataOutputStream(Files.newOutputStream(longs))) {
      for (int k = 0; k < 100; k++) {
        i.writeInt(k * 7 - 3);
        l.writeLong(k * 1_000_000_007L);
      }
    }
    MappedArray mappedInts = MappedArray.read(ints, 6); // 16 ints a mapping
    MappedArray mappedLongs = MappedArray.read(longs, 6); // 8 longs a mapping
    for (int k = 0; k < 100; k++) {
      assertThat(mappedInts.getInt(k)).isEqualTo(k * 7 - 3);
      assertThat(mappedLongs.getLong(k)).isEqualTo(k * 1_000_000_007L);
    }
    int[] run = new int[40]; // from inside the first mapping across two seams
    mappedInts.getInts(10, run);
    for (int k = 0; k < run.length; k++) {
      assertThat(run[k]).isEqualTo((10 + k) * 7 - 3);
    }
    float[] asFloats = new float[20];
    mappedInts.getFloats(14, asFloats);
    assertThat(Float.floatToRawIntBits(asFloats[5])).isEqualTo(19 * 7 - 3);
  }
}
