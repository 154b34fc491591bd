package org.autoglm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Java arrays made into tensors the engine owns, for values computed on the host (a batch's
 * features and edges, dropout masks, scale factors). DJL's {@code create(float[])} stages each call
 * through a new direct buffer, which the tensor then aliases until a GC frees it: for Cora's 49k
 * entries 0.02 ms at best and 0.5-1.2 ms in most rounds of 3,000 calls. A staging buffer kept per
 * thread and a copy by the engine take 0.03-0.05 ms.
 *
 * <p>An array larger than a thread keeps is staged in a buffer of its own, freed as soon as the
 * engine has copied it. Left to the GC, such buffers piled up outside the heap: a batch's big
 * arrays are allocated outside G1's young generation, so young collections, which would free the
 * buffers, came rarely — scoring 4M nodes, the native heap grew by some 2 GB.
 */
final class HostArrays {
  /** Larger arrays are staged in a buffer of their own, so a thread never keeps more. */
  private static final int KEPT_STAGING_BYTES = 16 << 20;

  private static final ThreadLocal<ByteBuffer> STAGING =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

  /** Frees a direct buffer now; null where the JDK does not offer it (the GC frees it then). */
  private static final MethodHandle FREE = directBufferFree();

  private HostArrays() {}

  static NDArray floats(NDManager manager, float[] values, Shape shape) {
    return staged(
        manager,
        Math.multiplyExact(values.length, Float.BYTES),
        shape,
        DataType.FLOAT32,
        view -> view.asFloatBuffer().put(values));
  }

  static NDArray longs(NDManager manager, long[] values, Shape shape) {
    return staged(
        manager,
        Math.multiplyExact(values.length, Long.BYTES),
        shape,
        DataType.INT64,
        view -> view.asLongBuffer().put(values));
  }

  private static NDArray staged(
      NDManager manager, int bytes, Shape shape, DataType type, Consumer<ByteBuffer> fill) {
    ByteBuffer staging = STAGING.get();
    boolean ownBuffer = staging.capacity() < bytes && bytes > KEPT_STAGING_BYTES;
    if (staging.capacity() < bytes) {
      staging = ByteBuffer.allocateDirect(bytes);
      if (!ownBuffer) {
        STAGING.set(staging);
      }
    }
    try {
      ByteBuffer view = staging.duplicate().order(ByteOrder.nativeOrder());
      view.limit(bytes);
      fill.accept(view);
      // The staged tensor aliases the buffer, which the next call overwrites: keep a copy only.
      try (NDArray aliased = manager.create(view, shape, type)) {
        return aliased.duplicate();
      }
    } finally {
      if (ownBuffer) {
        free(staging);
      }
    }
  }

  private static void free(ByteBuffer buffer) {
    if (FREE != null) {
      try {
        FREE.invokeExact(buffer);
      } catch (Throwable e) {
        throw new IllegalStateException("cannot free a staging buffer", e);
      }
    }
  }

  /** {@code sun.misc.Unsafe.invokeCleaner}, as Lucene and Netty free their mapped buffers. */
  private static MethodHandle directBufferFree() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field instance = unsafeClass.getDeclaredField("theUnsafe");
      instance.setAccessible(true);
      return MethodHandles.lookup()
          .findVirtual(
              unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(instance.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
