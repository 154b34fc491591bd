package org.autoglm.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The C heap's free pages given back to the system (glibc's {@code malloc_trim}, through the JNA
 * that DJL already loads). Scoring frees each batch's tensors in sizes that vary with its
 * neighbourhoods; glibc keeps the freed chunks inside its arena, so the arena held 1.26 GB for 377
 * MB in use after 20 minutes of scoring 4M nodes, and kept growing. Trimming returns the free
 * pages, which the next batches then fault in again: after every batch it cost a 500k-node predict
 * 30 % of its speed, so it is done at most every {@link #INTERVAL_NANOS}. Elsewhere than glibc it
 * does nothing.
 */
final class NativeHeap {
  static final long INTERVAL_NANOS = 5_000_000_000L;

  private static final Function TRIM = mallocTrim();
  private static final AtomicLong LAST_TRIM = new AtomicLong(System.nanoTime());

  private NativeHeap() {}

  /** Returns the arena's free pages to the system; true if there were any. */
  static boolean giveBackFreePages() {
    return TRIM != null && TRIM.invokeInt(new Object[] {0L}) == 1;
  }

  /** {@link #giveBackFreePages} if no thread of this JVM did within the interval. */
  static void giveBackFreePagesNowAndThen() {
    long last = LAST_TRIM.get();
    long now = System.nanoTime();
    if (now - last >= INTERVAL_NANOS && LAST_TRIM.compareAndSet(last, now)) {
      giveBackFreePages();
    }
  }

  private static Function mallocTrim() {
    try {
      return Platform.isLinux()
          ? NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim")
          : null;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null; // not glibc (musl has no malloc_trim): nothing to give back this way
    }
  }
}
