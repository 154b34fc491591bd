package org.autoglm.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything a run needs to continue exactly where it stopped: parameters, optimizer moments and
 * step count, schedule state, the early-stopping record and the best epoch's weights (the model a
 * run hands back). Dropout masks are seeded per epoch from the run's seed, so no random-generator
 * state needs saving.
 *
 * @param epoch epochs trained so far
 * @param optimizerSteps updates applied so far
 * @param parameters the current weights, in the model's parameter order
 * @param optimizerState the optimizer's moments, in its own order
 * @param scheduleState the learning-rate schedule's state
 * @param best the best epoch so far and its scores
 * @param bestParameters the weights of the best epoch
 * @param valCurve the validation metric after each epoch so far, so that stopping rules see the
 *     whole run after a resume
 */
public record Checkpoint(
    int epoch,
    int optimizerSteps,
    float[][] parameters,
    float[][] optimizerState,
    double[] scheduleState,
    EpochScores best,
    float[][] bestParameters,
    double[] valCurve) {

  private static final int MAGIC = 0x41474c43; // "AGLC"
  private static final int VERSION = 2;

  /** A compact binary form, for the output filesystem. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(epoch);
      out.writeInt(optimizerSteps);
      writeArrays(out, parameters);
      writeArrays(out, optimizerState);
      writeDoubles(out, scheduleState);
      best.write(out);
      writeArrays(out, bestParameters);
      writeDoubles(out, valCurve);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #toBytes()}; {@code source} names where the bytes came from, for errors. */
  public static Checkpoint fromBytes(byte[] data, String source) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException(source + " is not an Open-AutoGLM checkpoint");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            source + " is checkpoint format " + version + " but this build reads " + VERSION);
      }
      return new Checkpoint(
          in.readInt(),
          in.readInt(),
          readArrays(in),
          readArrays(in),
          readDoubles(in),
          EpochScores.read(in),
          readArrays(in),
          readDoubles(in));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is truncated or corrupt: " + e.getMessage(), e);
    }
  }

  private static void writeArrays(DataOutputStream out, float[][] arrays) throws IOException {
    out.writeInt(arrays.length);
    for (float[] array : arrays) {
      out.writeInt(array.length);
      for (float v : array) {
        out.writeFloat(v);
      }
    }
  }

  private static float[][] readArrays(DataInputStream in) throws IOException {
    float[][] arrays = new float[in.readInt()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = new float[in.readInt()];
      for (int j = 0; j < arrays[i].length; j++) {
        arrays[i][j] = in.readFloat();
      }
    }
    return arrays;
  }

  static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    double[] values = new double[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }
}
