package org.autoglm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/** The standard minimisation problems, defined exactly as in {@code bench/optuna_peer.py}. */
enum TestFunctions {
  BRANIN(new double[][] {{-5, 10}, {0, 15}}, 0.397887357729739) {
    @Override
    double at(double[] x) {
      double a = 1;
      double b = 5.1 / (4 * Math.PI * Math.PI);
      double c = 5 / Math.PI;
      double t = 1 / (8 * Math.PI);
      double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
      return a * u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
    }
  },
  HARTMANN6(unitBox(6), -3.322368011391339) {
    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
      {10, 3, 17, 3.5, 1.7, 8},
      {0.05, 10, 17, 0.1, 8, 14},
      {3, 3.5, 1.7, 10, 17, 8},
      {17, 8, 0.05, 10, 0.1, 14}
    };
    private static final double[][] P = {
      {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
      {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
      {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
      {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
    };

    @Override
    double at(double[] x) {
      double sum = 0;
      for (int i = 0; i < 4; i++) {
        double inner = 0;
        for (int j = 0; j < 6; j++) {
          double d = x[j] - P[i][j];
          inner += A[i][j] * d * d;
        }
        sum += ALPHA[i] * Math.exp(-inner);
      }
      return -sum;
    }
  },
  ROSENBROCK4(box(4, -5, 10), 0) {
    @Override
    double at(double[] x) {
      double sum = 0;
      for (int i = 0; i < x.length - 1; i++) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1 - x[i];
        sum += 100 * a * a + b * b;
      }
      return sum;
    }
  },
  /** Levy's function in 4 dimensions: many local minima, the global one 0 at (1, 1, 1, 1). */
  LEVY4(box(4, -10, 10), 0) {
    @Override
    double at(double[] x) {
      int d = x.length;
      double[] w = new double[d];
      for (int i = 0; i < d; i++) {
        w[i] = 1 + (x[i] - 1) / 4;
      }
      double first = Math.sin(Math.PI * w[0]);
      double sum = first * first;
      for (int i = 0; i < d - 1; i++) {
        double s = Math.sin(Math.PI * w[i] + 1);
        sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * s * s);
      }
      double last = Math.sin(2 * Math.PI * w[d - 1]);
      return sum + (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + last * last);
    }
  };

  private final double[][] bounds;
  private final double minimum;

  TestFunctions(double[][] bounds, double minimum) {
    this.bounds = bounds;
    this.minimum = minimum;
  }

  abstract double at(double[] x);

  double minimum() {
    return minimum;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  SearchSpace space() {
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < bounds.length; i++) {
      parameters.add(new Parameter.Real("x" + i, bounds[i][0], bounds[i][1], false));
    }
    return new SearchSpace(parameters);
  }

  double at(Map<String, Object> params) {
    double[] x = new double[bounds.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (Double) params.get("x" + i);
    }
    return at(x);
  }

  private static double[][] unitBox(int d) {
    return box(d, 0, 1);
  }

  private static double[][] box(int d, double low, double high) {
    double[][] b = new double[d][];
    for (int i = 0; i < d; i++) {
      b[i] = new double[] {low, high};
    }
    return b;
  }
}
