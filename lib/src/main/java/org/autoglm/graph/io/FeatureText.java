package org.autoglm.graph.io;

import java.util.Arrays;

/**
 * Parses a node's features from text: sparse {@code "3:1.0 17:0.5"} (index:value pairs, any order)
 * or dense {@code "0 1.5 0 2"}; separators are spaces, commas or semicolons. Non-finite values are
 * kept, so the cleaning rule {@code non_finite_feature} can quarantine the node with its reason.
 */
public final class FeatureText {
  private FeatureText() {}

  /** Sparse features: non-zero entries in ascending index order, and the vector's size. */
  public record Features(int size, int[] indices, float[] values) {}

  /** The parsed features, or the reason they cannot be parsed. */
  public record Result(Features features, String rejection) {}

  public static Result parse(String text, boolean sparse) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      return new Result(new Features(0, new int[0], new float[0]), null);
    }
    String[] tokens = trimmed.split("[\\s,;]+");
    return sparse ? sparse(tokens) : dense(tokens);
  }

  private static Result dense(String[] tokens) {
    int[] indices = new int[tokens.length];
    float[] values = new float[tokens.length];
    int nonZero = 0;
    for (int i = 0; i < tokens.length; i++) {
      float value;
      try {
        value = Float.parseFloat(tokens[i]);
      } catch (NumberFormatException e) {
        return rejected("feature " + i + " is '" + tokens[i] + "', not a number");
      }
      if (value != 0f) {
        indices[nonZero] = i;
        values[nonZero++] = value;
      }
    }
    return new Result(
        new Features(
            tokens.length, Arrays.copyOf(indices, nonZero), Arrays.copyOf(values, nonZero)),
        null);
  }

  private static Result sparse(String[] tokens) {
    long[] packed = new long[tokens.length];
    float[] byToken = new float[tokens.length];
    for (int t = 0; t < tokens.length; t++) {
      int colon = tokens[t].indexOf(':');
      if (colon <= 0) {
        return rejected(
            "feature '" + tokens[t] + "' must be index:value (data.nodes.feature_format: sparse)");
      }
      int index;
      try {
        index = Integer.parseInt(tokens[t].substring(0, colon));
        byToken[t] = Float.parseFloat(tokens[t].substring(colon + 1));
      } catch (NumberFormatException e) {
        return rejected("feature '" + tokens[t] + "' must be index:value with numbers");
      }
      if (index < 0) {
        return rejected("feature index " + index + " is negative");
      }
      packed[t] = ((long) index << 32) | t;
    }
    Arrays.sort(packed);
    int[] indices = new int[tokens.length];
    float[] values = new float[tokens.length];
    int kept = 0;
    for (int k = 0; k < packed.length; k++) {
      int index = (int) (packed[k] >>> 32);
      if (kept > 0 && index == indices[kept - 1]) {
        return rejected("feature index " + index + " appears twice");
      }
      float value = byToken[(int) packed[k]];
      indices[kept] = index;
      values[kept++] = value;
    }
    int size = kept == 0 ? 0 : indices[kept - 1] + 1;
    return new Result(new Features(size, indices, values), null);
  }

  private static Result rejected(String reason) {
    return new Result(null, reason);
  }
}
