package org.autoglm.train;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of fixed-width values mapped into memory, read (or written) by element index past the 2
 * GiB limit of one mapping: the pages live in the operating system's page cache, shared by every
 * trial that maps the file and dropped under memory pressure, not on a heap.
 */
final class MappedArray {
  private static final int CHUNK_SHIFT = 30; // 1 GiB mappings: a multiple of every element width
  private static final long CHUNK = 1L << CHUNK_SHIFT;
  private static final long OFFSET_MASK = CHUNK - 1;

  private final MappedByteBuffer[] chunks;
  private final IntBuffer[] intViews;
  private final FloatBuffer[] floatViews;

  private MappedArray(MappedByteBuffer[] chunks) {
    this.chunks = chunks;
    this.intViews = new IntBuffer[chunks.length];
    this.floatViews = new FloatBuffer[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      intViews[i] = chunks[i].asIntBuffer();
      floatViews[i] = chunks[i].asFloatBuffer();
    }
  }

  /** Maps {@code file} to read. */
  static MappedArray read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return map(channel, FileChannel.MapMode.READ_ONLY, channel.size());
    }
  }

  /** Creates {@code file} of {@code bytes} zero bytes, mapped to write. */
  static MappedArray create(Path file, long bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      return map(channel, FileChannel.MapMode.READ_WRITE, bytes);
    }
  }

  private static MappedArray map(FileChannel channel, FileChannel.MapMode mode, long bytes)
      throws IOException {
    int count = (int) ((bytes + CHUNK - 1) / CHUNK);
    MappedByteBuffer[] chunks = new MappedByteBuffer[count];
    for (int i = 0; i < count; i++) {
      long from = i * CHUNK;
      chunks[i] = channel.map(mode, from, Math.min(CHUNK, bytes - from));
    }
    return new MappedArray(chunks);
  }

  int getInt(long index) {
    long at = index << 2;
    return chunks[(int) (at >>> CHUNK_SHIFT)].getInt((int) (at & OFFSET_MASK));
  }

  long getLong(long index) {
    long at = index << 3;
    return chunks[(int) (at >>> CHUNK_SHIFT)].getLong((int) (at & OFFSET_MASK));
  }

  byte getByte(long index) {
    return chunks[(int) (index >>> CHUNK_SHIFT)].get((int) (index & OFFSET_MASK));
  }

  /** Copies {@code out.length} ints from {@code index} on: one bulk copy per mapping touched. */
  void getInts(long index, int[] out) {
    int done = 0;
    while (done < out.length) {
      long at = (index + done) << 2;
      IntBuffer view = intViews[(int) (at >>> CHUNK_SHIFT)];
      int from = (int) (at & OFFSET_MASK) >> 2;
      int count = Math.min(out.length - done, view.capacity() - from);
      view.get(from, out, done, count);
      done += count;
    }
  }

  /** Copies {@code out.length} floats from {@code index} on. */
  void getFloats(long index, float[] out) {
    int done = 0;
    while (done < out.length) {
      long at = (index + done) << 2;
      FloatBuffer view = floatViews[(int) (at >>> CHUNK_SHIFT)];
      int from = (int) (at & OFFSET_MASK) >> 2;
      int count = Math.min(out.length - done, view.capacity() - from);
      view.get(from, out, done, count);
      done += count;
    }
  }

  void putInt(long index, int value) {
    long at = index << 2;
    chunks[(int) (at >>> CHUNK_SHIFT)].putInt((int) (at & OFFSET_MASK), value);
  }

  void putLong(long index, long value) {
    long at = index << 3;
    chunks[(int) (at >>> CHUNK_SHIFT)].putLong((int) (at & OFFSET_MASK), value);
  }
}
