package org.autoglm.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One step of {@code features.pipeline}, an MLlib feature transformer run on executors over the
 * clean nodes before the snapshot: {@code tfidf} (IDF weights over term counts), {@code
 * standardize} (unit variance, sparsity kept), {@code normalize} (rows to unit L2 norm; {@code
 * normalize: 1} for L1) and {@code pca: k} (k principal components).
 *
 * @param argument the step's number: PCA's k, the normaliser's p; NaN where the step takes none
 */
public record FeatureStep(String name, double argument) implements Serializable {
  public static final List<String> NAMES = List.of("tfidf", "standardize", "normalize", "pca");

  /** Parses the list's items ({@code pca: 128}); problems name the key, item and origin. */
  static List<FeatureStep> parse(Setting setting, List<String> problems) {
    List<FeatureStep> steps = new ArrayList<>();
    if (setting == null || setting.value() == null) {
      return steps;
    }
    if (!(setting.value() instanceof List<?> items)) {
      problems.add(
          "'"
              + setting.key()
              + "' must be a list of steps, e.g. [tfidf, standardize, pca: 128] ("
              + setting.origin()
              + ")");
      return steps;
    }
    for (Object item : items) {
      String text = String.valueOf(item).trim();
      int colon = text.indexOf(':');
      String name = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
      String argument = colon < 0 ? "" : text.substring(colon + 1).trim();
      String rule = rule(name, argument);
      if (rule != null) {
        String hint = Suggestions.closest(name, NAMES);
        problems.add(
            "'"
                + setting.key()
                + "' step '"
                + text
                + "' "
                + rule
                + (hint != null && !hint.equals(name) ? "; did you mean '" + hint + "'?" : "")
                + " ("
                + setting.origin()
                + ")");
        continue;
      }
      double value =
          argument.isEmpty()
              ? (name.equals("normalize") ? 2 : Double.NaN)
              : Double.parseDouble(argument);
      steps.add(new FeatureStep(name, value));
    }
    return List.copyOf(steps);
  }

  /** Why the step is refused, or null. */
  private static String rule(String name, String argument) {
    if (!NAMES.contains(name)) {
      return "is not a step; steps are " + String.join(", ", NAMES);
    }
    double value;
    try {
      value = argument.isEmpty() ? Double.NaN : Double.parseDouble(argument);
    } catch (NumberFormatException e) {
      return "needs a number after ':'";
    }
    return switch (name) {
      case "pca" ->
          value >= 1 && value == Math.rint(value)
              ? null
              : "needs its number of components, an integer >= 1, e.g. pca: 128";
      case "normalize" -> Double.isNaN(value) || value >= 1 ? null : "takes p >= 1 (1 or 2)";
      default -> Double.isNaN(value) ? null : "takes no number";
    };
  }

  @Override
  public String toString() {
    return Double.isNaN(argument)
        ? name
        : name
            + ": "
            + (argument == Math.rint(argument) ? Long.toString((long) argument) : argument);
  }
}
