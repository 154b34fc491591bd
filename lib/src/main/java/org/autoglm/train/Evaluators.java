package org.autoglm.train;

import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds a {@link NodeEvaluator} by name: the built-ins, then those registered with {@link
 * ServiceLoader}. Only names are looked up; no class named in configuration is loaded.
 */
public final class Evaluators {
  private Evaluators() {}

  /** The evaluator called {@code name}, or an error listing the names there are. */
  public static NodeEvaluator named(String name) {
    NodeEvaluator evaluator = available().get(name);
    if (evaluator == null) {
      throw new IllegalArgumentException(
          "metric '"
              + name
              + "' is not a known evaluator; known: "
              + String.join(", ", available().keySet())
              + " (add one via META-INF/services/"
              + NodeEvaluator.class.getName()
              + ")");
    }
    return evaluator;
  }

  /** Every evaluator by name, built-ins first; a plug-in cannot replace a built-in. */
  public static Map<String, NodeEvaluator> available() {
    Map<String, NodeEvaluator> byName = new TreeMap<>();
    for (NodeEvaluator plugin : ServiceLoader.load(NodeEvaluator.class, loader())) {
      byName.put(plugin.name(), plugin);
    }
    byName.put("accuracy", builtIn("accuracy", Predictions::accuracy));
    byName.put("macro_f1", builtIn("macro_f1", Predictions::macroF1));
    byName.put(
        "min_recall",
        builtIn(
            "min_recall",
            p -> Arrays.stream(p.classRecall()).filter(r -> !Double.isNaN(r)).min().orElse(0)));
    return byName;
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Evaluators.class.getClassLoader();
  }

  private static NodeEvaluator builtIn(
      String name, java.util.function.ToDoubleFunction<Predictions> score) {
    return new NodeEvaluator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(Predictions predictions) {
        return score.applyAsDouble(predictions);
      }
    };
  }
}
