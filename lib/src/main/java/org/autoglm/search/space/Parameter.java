package org.autoglm.search.space;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One dimension of a search space. Values are {@code Double}, {@code Integer} or {@code String}.
 */
public sealed interface Parameter extends Serializable {
  String name();

  /** A value drawn from this parameter's distribution. */
  Object sample(SplittableRandom random);

  /** A real number in {@code [low, high]}, uniform or log-uniform. */
  record Real(String name, double low, double high, boolean log) implements Parameter {
    public Real {
      SpaceRules.requireRange(name, low, high, log);
    }

    @Override
    public Object sample(SplittableRandom random) {
      double u = random.nextDouble();
      return log
          ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
          : low + u * (high - low);
    }
  }

  /** An integer in {@code [low, high]} inclusive, uniform or log-uniform. */
  record Int(String name, int low, int high, boolean log) implements Parameter {
    public Int {
      SpaceRules.requireRange(name, low, high, log);
    }

    @Override
    public Object sample(SplittableRandom random) {
      if (!log) {
        return low + random.nextInt(high - low + 1);
      }
      // Log-uniform over [low - 0.5, high + 0.5], rounded: the end points are as likely as others.
      double lo = Math.log(low - 0.5);
      double hi = Math.log(high + 0.5);
      long value = Math.round(Math.exp(lo + random.nextDouble() * (hi - lo)));
      return (int) Math.max(low, Math.min(high, value));
    }
  }

  /** One of a list of values. */
  record Categorical(String name, List<Object> choices) implements Parameter {
    public Categorical {
      if (choices.isEmpty()) {
        throw new IllegalArgumentException("'search.space." + name + ".choices' must not be empty");
      }
      choices = List.copyOf(choices);
    }

    @Override
    public Object sample(SplittableRandom random) {
      return choices.get(random.nextInt(choices.size()));
    }
  }

  /** A value every trial uses. */
  record Fixed(String name, Object value) implements Parameter {
    @Override
    public Object sample(SplittableRandom random) {
      return value;
    }
  }
}
