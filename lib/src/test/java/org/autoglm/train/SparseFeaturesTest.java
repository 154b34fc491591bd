package org.autoglm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparseFeaturesTest {
  private static final int ROWS = 50;
  private static final int COLUMNS = 24;

  /**
   * A column longer than a chunk (column 3 holds most rows), an empty row (7) and an empty column
   * (20); with {@code fullRow}, row 0 holds every column, so rows too span several chunks (else
   * every row fits one padded group).
   */
  private static float[][] matrix(boolean fullRow) {
    SplittableRandom random = new SplittableRandom(11);
    float[][] x = new float[ROWS][COLUMNS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLUMNS; j++) {
        boolean stored =
            (fullRow && i == 0) || (j == 3 && i % 5 != 4) || random.nextDouble() < 0.15;
        if (stored && i != 7 && j != 20) {
          x[i][j] = (float) (0.1 + random.nextDouble() * 2);
        }
      }
    }
    return x;
  }

  private static SparseFeatures sparse(NDManager manager, float[][] x) {
    List<int[]> entries = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLUMNS; j++) {
        if (x[i][j] != 0f) {
          entries.add(new int[] {i, j});
        }
      }
    }
    int[] rows = new int[entries.size()];
    int[] columns = new int[entries.size()];
    float[] values = new float[entries.size()];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = entries.get(k)[0];
      columns[k] = entries.get(k)[1];
      values[k] = x[rows[k]][columns[k]];
    }
    return new SparseFeatures(manager, ROWS, COLUMNS, rows, columns, values);
  }

  private static float[][] times(float[][] a, float[][] b) {
    float[][] out = new float[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        for (int j = 0; j < b[0].length; j++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }

  private static float[][] transpose(float[][] a) {
    float[][] out = new float[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        out[j][i] = a[i][j];
      }
    }
    return out;
  }

  private static float[][] random(int rows, int columns, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] out = new float[rows][columns];
    for (float[] row : out) {
      for (int j = 0; j < columns; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return out;
  }

  private static NDArray tensor(NDManager manager, float[][] a) {
    float[] flat = new float[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, flat, i * a[0].length, a[0].length);
    }
    return manager.create(flat, new Shape(a.length, a[0].length));
  }

  /** A weight that collects its gradient. */
  private static NDArray parameter(NDManager manager, float[][] a) {
    NDArray weight = tensor(manager, a);
    weight.setRequiresGradient(true);
    return weight;
  }

  private static float[][] rows(NDArray t) {
    int width = (int) t.getShape().get(1);
    float[] flat = t.toFloatArray();
    float[][] out = new float[flat.length / width][width];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(flat, i * width, out[i], 0, width);
    }
    return out;
  }

  private static void assertClose(float[][] actual, float[][] expected, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        assertThat(actual[i][j])
            .as("%s [%d][%d]", what, i, j)
            .isCloseTo(expected[i][j], within(1e-4f));
      }
    }
  }

  /** Runs {@code body} with an engine manager, on this thread, prepared as a trial's. */
  private static void withManager(Consumer<NDManager> body) {
    DjlRuntime.onThisThread(
        1,
        () -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            body.accept(manager);
          }
          return null;
        });
  }

  /** A training product, backpropagated from {@code sum(product ⊙ upstream)}; its values. */
  @SuppressWarnings("try") // the scope records the graph; nothing calls it
  private static float[][] trainedProduct(
      SparseFeatures features, NDArray weight, float rate, NDArray upstream) {
    try (DjlRuntime.GradRecording recording = DjlRuntime.recordingGradients()) {
      HandBackward tape = new HandBackward();
      NDArray product =
          features.times(weight, new DropoutMasks(7).factors(features.entries(), rate), tape);
      tape.backward(product.mul(upstream).sum());
      return rows(product);
    }
  }

  /** 5 columns take the gathered product and its own backward; 40 take PyTorch's COO kernel. */
  @ParameterizedTest
  @CsvSource({"5, true", "5, false", "40, true"})
  void productAndWeightGradientAreThoseOfTheDenseMatrix(int width, boolean fullRow) {
    float[][] x = matrix(fullRow);
    float[][] w = random(COLUMNS, width, 1);
    float[][] upstream = random(ROWS, width, 2);
    withManager(
        manager -> {
          SparseFeatures features = sparse(manager, x);
          NDArray weight = parameter(manager, w);
          assertClose(rows(features.times(weight, null, null)), times(x, w), "inference");
          float[][] product = trainedProduct(features, weight, 0f, tensor(manager, upstream));
          assertClose(product, times(x, w), "training product");
          assertClose(rows(weight.getGradient()), times(transpose(x), upstream), "gradient");
        });
  }

  /** With W = I the product is the dropped-out matrix itself, so the gradient can be checked. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void dropoutZeroesOrScalesEachEntryAndTheGradientSeesTheSameDrop(boolean fullRow) {
    float rate = 0.5f;
    float[][] x = matrix(fullRow);
    float[][] identity = new float[COLUMNS][COLUMNS];
    for (int j = 0; j < COLUMNS; j++) {
      identity[j][j] = 1f;
    }
    float[][] upstream = random(ROWS, COLUMNS, 3);
    withManager(
        manager -> {
          SparseFeatures features = sparse(manager, x);
          NDArray weight = parameter(manager, identity);
          float[][] dropped = trainedProduct(features, weight, rate, tensor(manager, upstream));
          int kept = 0;
          int stored = 0;
          for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLUMNS; j++) {
              if (x[i][j] != 0f) {
                stored++;
                kept += dropped[i][j] != 0f ? 1 : 0;
                float scaled = dropped[i][j] == 0f ? 0f : x[i][j] / (1 - rate);
                assertThat(dropped[i][j]).isCloseTo(scaled, within(1e-5f));
              } else {
                assertThat(dropped[i][j]).isZero();
              }
            }
          }
          assertThat(kept).isBetween(stored / 4, stored * 3 / 4);
          assertClose(rows(weight.getGradient()), times(transpose(dropped), upstream), "gradient");
        });
  }
}
