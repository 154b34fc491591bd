package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/**
 * Maps parameters to points of the unit cube and back, for samplers that work on vectors: a numeric
 * parameter is one coordinate (log-scaled ones in log space), a categorical one is a one-hot block
 * decoded by its largest coordinate. Inactive parameters sit at a neutral point.
 */
final class UnitEncoding {
  private final SearchSpace space;
  private final List<Parameter> tuned = new ArrayList<>();
  private final int[] offsets;
  private final int dimensions;

  UnitEncoding(SearchSpace space) {
    this.space = space;
    for (Parameter p : space.parameters()) {
      if (!(p instanceof Parameter.Fixed)) {
        tuned.add(p);
      }
    }
    offsets = new int[tuned.size()];
    int d = 0;
    for (int i = 0; i < tuned.size(); i++) {
      offsets[i] = d;
      d += tuned.get(i) instanceof Parameter.Categorical c ? c.choices().size() : 1;
    }
    dimensions = d;
  }

  int dimensions() {
    return dimensions;
  }

  /** A uniform point: numeric coordinates uniform, one random category per block. */
  double[] randomPoint(SplittableRandom random) {
    double[] x = new double[dimensions];
    for (int k = 0; k < tuned.size(); k++) {
      if (tuned.get(k) instanceof Parameter.Categorical c) {
        x[offsets[k] + random.nextInt(c.choices().size())] = 1;
      } else {
        x[offsets[k]] = random.nextDouble();
      }
    }
    return x;
  }

  /**
   * A point near {@code x}: numeric coordinates moved by Gaussian steps of size {@code step}
   * (clamped to the cube), and each categorical switched to another choice with probability {@code
   * 1 / parameters}.
   */
  double[] neighbour(double[] x, double step, SplittableRandom random) {
    double[] y = x.clone();
    double switchProbability = 1.0 / Math.max(1, tuned.size());
    for (int k = 0; k < tuned.size(); k++) {
      if (tuned.get(k) instanceof Parameter.Categorical c) {
        if (random.nextDouble() < switchProbability) {
          Arrays.fill(y, offsets[k], offsets[k] + c.choices().size(), 0);
          y[offsets[k] + random.nextInt(c.choices().size())] = 1;
        }
      } else {
        int i = offsets[k];
        y[i] = Math.max(0, Math.min(1, x[i] + step * ParzenEstimator.gaussian(random)));
      }
    }
    return y;
  }

  double[] encode(Map<String, Object> params) {
    double[] x = new double[dimensions];
    for (int k = 0; k < tuned.size(); k++) {
      Parameter p = tuned.get(k);
      Object value = params.get(p.name());
      if (p instanceof Parameter.Numeric n) {
        x[offsets[k]] = value == null ? 0.5 : n.toUnit(value);
      } else if (p instanceof Parameter.Categorical c && value != null) {
        x[offsets[k] + c.indexOf(value)] = 1;
      }
    }
    return x;
  }

  /** How many parameters are tuned (not fixed). */
  int parameterCount() {
    return tuned.size();
  }

  /**
   * Decodes one coordinate per tuned parameter (no one-hot): a categorical with {@code k} choices
   * takes choice {@code floor(u * k)}.
   */
  Map<String, Object> decodeOnePerParameter(double[] u) {
    double[] x = new double[dimensions];
    for (int k = 0; k < tuned.size(); k++) {
      if (tuned.get(k) instanceof Parameter.Categorical c) {
        int n = c.choices().size();
        x[offsets[k] + Math.min(n - 1, (int) (u[k] * n))] = 1;
      } else {
        x[offsets[k]] = u[k];
      }
    }
    return decode(x);
  }

  Map<String, Object> decode(double[] x) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (int k = 0; k < tuned.size(); k++) {
      Parameter p = tuned.get(k);
      if (p instanceof Parameter.Numeric n) {
        all.put(p.name(), n.fromUnit(x[offsets[k]]));
      } else if (p instanceof Parameter.Categorical c) {
        int best = 0;
        for (int j = 1; j < c.choices().size(); j++) {
          if (x[offsets[k] + j] > x[offsets[k] + best]) {
            best = j;
          }
        }
        all.put(p.name(), c.choices().get(best));
      }
    }
    for (Parameter p : space.parameters()) {
      if (p instanceof Parameter.Fixed f) {
        all.put(f.name(), f.value());
      }
    }
    return space.resolve(all, Map.of());
  }
}
