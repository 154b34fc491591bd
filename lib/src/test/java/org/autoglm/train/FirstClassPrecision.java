package org.autoglm.train;

/** A plug-in evaluator found through META-INF/services: precision of class 0. */
public final class FirstClassPrecision implements NodeEvaluator {
  @Override
  public String name() {
    return "first_class_precision";
  }

  @Override
  public double score(Predictions predictions) {
    long[][] confusion = predictions.confusion();
    long predictedFirst = 0;
    for (long[] row : confusion) {
      predictedFirst += row[0];
    }
    return predictedFirst == 0 ? 0 : (double) confusion[0][0] / predictedFirst;
  }
}
