package org.autoglm.train;

/**
 * A validation metric that picks a run's best epoch, higher being better. Built in: {@code
 * accuracy}, {@code macro_f1}, {@code min_recall}. Add your own by implementing this interface and
 * listing the class in {@code META-INF/services/org.autoglm.train.NodeEvaluator} on the classpath;
 * select it with {@code train.metric: <name>}. Implementations must be stateless.
 */
public interface NodeEvaluator {
  /** The name a configuration selects it by. */
  String name();

  /** The score of one split's predictions; higher is better. */
  double score(Predictions predictions);
}
