package org.autoglm.run;

import org.apache.spark.util.AccumulatorV2;

/**
 * The best objective value (the validation metric) reported by finished trials. The driver merges
 * each task's value as the task ends, so progress can show the best so far while a wave is still
 * running.
 */
public final class BestAccumulator extends AccumulatorV2<Double, Double> {
  private static final long serialVersionUID = 1L;
  private double best = Double.NaN;

  @Override
  public boolean isZero() {
    return Double.isNaN(best);
  }

  @Override
  public AccumulatorV2<Double, Double> copy() {
    BestAccumulator copy = new BestAccumulator();
    copy.best = best;
    return copy;
  }

  @Override
  public void reset() {
    best = Double.NaN;
  }

  @Override
  public void add(Double value) {
    if (value != null && !value.isNaN() && (Double.isNaN(best) || value > best)) {
      best = value;
    }
  }

  @Override
  public void merge(AccumulatorV2<Double, Double> other) {
    add(other.value());
  }

  @Override
  public Double value() {
    return best;
  }
}
