package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.autoglm.search.space.Parameter;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * What a configuration costs to train, learnt from the observations' training seconds per unit of
 * resource (epoch): a ridge regression of their logarithm on the configuration, each number in its
 * unit encoding, each category one-hot, and every category times every number, because width costs
 * more in one model family than in another (a wide GAT against a wide GCN).
 */
final class CostModel {
  /** Ridge penalty on every coefficient but the intercept; features lie in [0, 1]. */
  private static final double RIDGE = 0.1;

  /** Predicted costs up to this multiple of the median go unpenalised. */
  static final double TOLERATED = 2;

  private final List<Parameter> group;
  private final double[] coefficients;
  private final double medianLogCost;

  private CostModel(List<Parameter> group, double[] coefficients, double medianLogCost) {
    this.group = group;
    this.coefficients = coefficients;
    this.medianLogCost = medianLogCost;
  }

  /**
   * The model of {@code group}'s cost, or empty when fewer than {@code minimum} observations have a
   * measured cost with every parameter of the group set.
   */
  static Optional<CostModel> fit(List<Parameter> group, List<Observation> history, int minimum) {
    List<double[]> rows = new ArrayList<>();
    List<Double> logCosts = new ArrayList<>();
    for (Observation o : history) {
      if (!(o.seconds() > 0) || !Double.isFinite(o.seconds()) || o.step() <= 0) {
        continue;
      }
      double[] x = TpeSampler.encode(group, o.params());
      if (x != null) {
        rows.add(features(group, x));
        logCosts.add(Math.log(o.seconds() / o.step()));
      }
    }
    if (rows.size() < minimum) {
      return Optional.empty();
    }
    int d = rows.get(0).length;
    double[][] gram = new double[d][d];
    double[] moment = new double[d];
    for (int r = 0; r < rows.size(); r++) {
      double[] f = rows.get(r);
      for (int i = 0; i < d; i++) {
        moment[i] += f[i] * logCosts.get(r);
        for (int j = 0; j < d; j++) {
          gram[i][j] += f[i] * f[j];
        }
      }
    }
    for (int i = 1; i < d; i++) {
      gram[i][i] += RIDGE;
    }
    RealMatrix matrix = MatrixUtils.createRealMatrix(gram);
    double[] beta =
        new CholeskyDecomposition(matrix, 1e-12, 1e-14)
            .getSolver()
            .solve(MatrixUtils.createRealVector(moment))
            .toArray();
    double[] sorted = logCosts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return Optional.of(new CostModel(group, beta, median));
  }

  /**
   * How much dearer than tolerated {@code x} is predicted to be (the group encoded as TPE draws it:
   * a category's index, a number's unit value), as a log ratio: 0 up to {@value #TOLERATED}× the
   * observations' median cost per epoch, {@code log 2} at twice that. No credit for being cheap:
   * credited, the cheap families drew a Cora search away from GAT, the best and a little dearer one
   * (17 of 97 runs against 54 of 104 cost-blind).
   */
  double logExcess(double[] x) {
    double[] f = features(group, x);
    double logCost = 0;
    for (int i = 0; i < f.length; i++) {
      logCost += coefficients[i] * f[i];
    }
    return Math.max(0, logCost - medianLogCost - Math.log(TOLERATED));
  }

  /** Intercept, numbers, one-hot categories, then each category level times each number. */
  private static double[] features(List<Parameter> group, double[] x) {
    List<Double> numbers = new ArrayList<>();
    List<double[]> oneHots = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      if (group.get(i) instanceof Parameter.Categorical c) {
        double[] hot = new double[c.choices().size()];
        hot[(int) x[i]] = 1;
        oneHots.add(hot);
      } else {
        numbers.add(x[i]);
      }
    }
    List<Double> f = new ArrayList<>();
    f.add(1.0);
    f.addAll(numbers);
    for (double[] hot : oneHots) {
      for (double level : hot) {
        f.add(level);
        for (double number : numbers) {
          f.add(level * number);
        }
      }
    }
    return f.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
