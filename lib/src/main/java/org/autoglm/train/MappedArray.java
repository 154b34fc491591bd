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

  private final int chunkShift;
  private final long offsetMask;
  private final MappedByteBuffer[] chunks;
  private final IntBuffer[] intViews;
  private final FloatBuffer[] floatViews;

  private MappedArray(MappedByteBuffer[] chunks, int chunkShift) {
    this.chunkShift = chunkShift;
    this.offsetMask = (1L << chunkShift) - 1;
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
    return read(file, CHUNK_SHIFT);
  }

  /** Maps {@code file} in mappings of {@code 2^chunkShift} bytes (small ones test the seams). */
  static MappedArray read(Path file, int chunkShift) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return map(channel, FileChannel.MapMode.READ_ONLY, channel.size(), chunkShift);
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
      return map(channel, FileChannel.MapMode.READ_WRITE, bytes, CHUNK_SHIFT);
    }
  }

  private static MappedArray map(
      FileChannel channel, FileChannel.MapMode mode, long bytes, int chunkShift)
      throws IOException {
    long chunk = 1L << chunkShift;
    int count = (int) ((bytes + chunk - 1) / chunk);
    MappedByteBuffer[] chunks = new MappedByteBuffer[count];
    for (int i = 0; i < count; i++) {
      long from = i * chunk;
      chunks[i] = channel.map(mode, from, Math.min(chunk, bytes - from));
    }
    return new MappedArray(chunks, chunkShift);
  }

  int getInt(long index) {
    long at = index << 2;
    return chunks[(int) (at >>> chunkShift)].getInt((int) (at & offsetMask));
  }

  long getLong(long index) {
    long at = index << 3;
    return chunks[(int) (at >>> chunkShift)].getLong((int) (at & offsetMask));
  }

  byte getByte(long index) {
    return chunks[(int) (index >>> chunkShift)].get((int) (index & offsetMask));
  }

  /** Copies {@code out.length} ints from {@code index} on: one bulk copy per mapping touched. */
  void getInts(long index, int[] out) {
    int done = 0;
    while (done < out.length) {
      long at = (index + done) << 2;
      IntBuffer view = intViews[(int) (at >>> chunkShift)];
      int from = (int) (at & offsetMask) >> 2;
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
      FloatBuffer view = floatViews[(int) (at >>> chunkShift)];
      int from = (int) (at & offsetMask) >> 2;
      int count = Math.min(out.length - done, view.capacity() - from);
      view.get(from, out, done, count);
      done += count;
    }
  }

  void putInt(long index, int value) {
    long at = index << 2;
    chunks[(int) (at >>> chunkShift)].putInt((int) (at & offsetMask), value);
  }

  void putLong(long index, long value) {
    long at = index << 3;
    chunks[(int) (at >>> chunkShift)].putLong((int) (at & offsetMask), value);
  }
}
