package org.autoglm.search.space;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One dimension of a search space. Values are {@code Double}, {@code Integer} or {@code String}.
 */
public sealed interface Parameter extends Serializable {
  String name();

  /** A value drawn from this parameter's prior distribution. */
  Object sample(SplittableRandom random);

  /** Whether the space can draw {@code value} for this parameter (typed as its draws are). */
  boolean contains(Object value);

  /**
   * A number mapped onto {@code [0, 1]}: the space model-based samplers work in. Log-scaled
   * parameters are uniform in log space there, and each integer owns an equal-width bin.
   */
  sealed interface Numeric extends Parameter {
    double toUnit(Object value);

    /** The value at unit coordinate {@code u}; {@code u} outside {@code [0, 1]} is clamped. */
    Object fromUnit(double u);

    @Override
    default Object sample(SplittableRandom random) {
      return fromUnit(random.nextDouble());
    }
  }

  /** A real number in {@code [low, high]}, uniform or log-uniform. */
  record Real(String name, double low, double high, boolean log) implements Numeric {
    public Real {
      SpaceRules.requireRange(name, low, high, log);
    }

    @Override
    public boolean contains(Object value) {
      double x = ((Number) value).doubleValue();
      return x >= low && x <= high;
    }

    @Override
    public double toUnit(Object value) {
      double x = ((Number) value).doubleValue();
      return log
          ? (Math.log(x) - Math.log(low)) / (Math.log(high) - Math.log(low))
          : (x - low) / (high - low);
    }

    @Override
    public Object fromUnit(double u) {
      double t = clamp(u);
      double x =
          log
              ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low)))
              : low + t * (high - low);
      return Math.max(low, Math.min(high, x));
    }
  }

  /**
   * An integer in {@code [low, high]} inclusive on a grid of {@code step}, uniform or log-uniform.
   * In unit space every allowed value owns a bin of equal width (in log space when log-scaled), so
   * the end points are as likely as the others.
   */
  record Int(String name, int low, int high, boolean log, int step) implements Numeric {
    public Int {
      SpaceRules.requireRange(name, low, high, log);
      SpaceRules.requireStep(name, low, high, log, step);
    }

    public Int(String name, int low, int high, boolean log) {
      this(name, low, high, log, 1);
    }

    @Override
    public boolean contains(Object value) {
      int x = ((Number) value).intValue();
      return x >= low && x <= high && (x - low) % step == 0;
    }

    /** How many values the parameter can take. */
    public int size() {
      return (high - low) / step + 1;
    }

    private double lowEdge() {
      return log ? Math.log(low - 0.5) : low - 0.5 * step;
    }

    private double highEdge() {
      return log ? Math.log(high + 0.5) : low + (size() - 0.5) * step;
    }

    @Override
    public double toUnit(Object value) {
      double x = ((Number) value).doubleValue();
      double scaled = log ? Math.log(x) : x;
      return (scaled - lowEdge()) / (highEdge() - lowEdge());
    }

    @Override
    public Object fromUnit(double u) {
      double scaled = lowEdge() + clamp(u) * (highEdge() - lowEdge());
      double x = log ? Math.exp(scaled) : scaled;
      long onGrid = low + Math.round((x - low) / step) * (long) step;
      return (int) Math.max(low, Math.min(low + (long) (size() - 1) * step, onGrid));
    }
  }

  /** One of a list of values. */
  record Categorical(String name, List<Object> choices) implements Parameter {
    public Categorical {
      if (choices.isEmpty()) {
        throw new IllegalArgumentException("'search.space." + name + ".choices' must not be empty");
      }
      if (choices.stream().distinct().count() != choices.size()) {
        throw new IllegalArgumentException(
            "'search.space." + name + ".choices' lists a value twice: " + choices);
      }
      choices = List.copyOf(choices);
    }

    @Override
    public Object sample(SplittableRandom random) {
      return choices.get(random.nextInt(choices.size()));
    }

    @Override
    public boolean contains(Object value) {
      return choices.contains(value);
    }

    /** Position of {@code value} in the choices; -1 if it is not one of them. */
    public int indexOf(Object value) {
      return choices.indexOf(value);
    }
  }

  /** A value every trial uses. */
  record Fixed(String name, Object value) implements Parameter {
    @Override
    public Object sample(SplittableRandom random) {
      return value;
    }

    @Override
    public boolean contains(Object other) {
      return value.equals(other);
    }
  }

  private static double clamp(double u) {
    return Double.isNaN(u) ? 0.5 : Math.max(0, Math.min(1, u));
  }
}
