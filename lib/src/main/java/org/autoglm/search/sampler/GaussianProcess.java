package org.autoglm.search.sampler;

import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Gaussian-process regression with a Matérn 5/2 kernel and one length-scale per input (ARD), over
 * inputs in the unit cube and standardised outputs. Hyperparameters — length-scales, signal
 * variance, noise — maximise the log marginal likelihood plus a Gamma(3, 6) prior on each
 * length-scale that keeps them from running off with few observations.
 */
final class GaussianProcess {
  private static final double SQRT5 = Math.sqrt(5);
  private static final double JITTER = 1e-8;

  /** Fitted hyperparameters, all positive. */
  record Hyper(double[] lengthScales, double signal, double noise) {}

  private final double[][] x;
  private final double[] y;
  private final Hyper hyper;
  private final double[][] chol; // lower-triangular L with K = L Lᵀ
  private final double[] alpha; // K⁻¹ y

  GaussianProcess(double[][] x, double[] y, Hyper hyper) {
    this.x = x;
    this.y = y;
    this.hyper = hyper;
    this.chol = cholesky(covariance(x, hyper));
    this.alpha = solveUpper(chol, solveLower(chol, y));
  }

  /** Posterior mean and standard deviation at {@code point}. */
  double[] predict(double[] point) {
    int n = x.length;
    double[] k = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      k[i] = kernel(point, x[i], hyper);
      mean += k[i] * alpha[i];
    }
    double[] v = solveLower(chol, k);
    double variance = hyper.signal();
    for (double vi : v) {
      variance -= vi * vi;
    }
    return new double[] {mean, Math.sqrt(Math.max(variance, 1e-12))};
  }

  /** Maximises the penalised marginal likelihood over log-hyperparameters with BOBYQA. */
  static Hyper fit(double[][] x, double[] y, int maxEvaluations) {
    int d = x[0].length;
    int m = d + 2;
    double[] start = new double[m];
    double[] lower = new double[m];
    double[] upper = new double[m];
    for (int i = 0; i < d; i++) {
      start[i] = Math.log(0.5);
      lower[i] = Math.log(0.01);
      upper[i] = Math.log(20);
    }
    start[d] = 0;
    lower[d] = Math.log(0.05);
    upper[d] = Math.log(20);
    start[d + 1] = Math.log(1e-3);
    lower[d + 1] = Math.log(1e-6);
    upper[d + 1] = Math.log(0.1);
    double[] best = start.clone();
    double[] bestValue = {Double.NEGATIVE_INFINITY};
    ObjectiveFunction objective =
        new ObjectiveFunction(
            theta -> {
              double value = penalisedLikelihood(x, y, decode(theta, d));
              if (value > bestValue[0]) {
                bestValue[0] = value;
                System.arraycopy(theta, 0, best, 0, m);
              }
              return value;
            });
    try {
      new BOBYQAOptimizer(2 * m + 1, 0.5, 1e-3)
          .optimize(
              new MaxEval(maxEvaluations),
              objective,
              GoalType.MAXIMIZE,
              new InitialGuess(start),
              new SimpleBounds(lower, upper));
    } catch (MathIllegalStateException budgetSpent) {
      // The best point seen so far is kept below: a fit is a means, not an end.
    }
    return decode(best, d);
  }

  private static Hyper decode(double[] theta, int d) {
    double[] ls = new double[d];
    for (int i = 0; i < d; i++) {
      ls[i] = Math.exp(theta[i]);
    }
    return new Hyper(ls, Math.exp(theta[d]), Math.exp(theta[d + 1]));
  }

  static double penalisedLikelihood(double[][] x, double[] y, Hyper h) {
    double[][] l;
    try {
      l = cholesky(covariance(x, h));
    } catch (ArithmeticException notPositive) {
      return -1e300;
    }
    double[] z = solveLower(l, y);
    double fit = 0;
    for (double zi : z) {
      fit += zi * zi;
    }
    double logDet = 0;
    for (int i = 0; i < l.length; i++) {
      logDet += Math.log(l[i][i]);
    }
    double prior = 0;
    for (double ls : h.lengthScales()) {
      prior += 2 * Math.log(ls) - 6 * ls; // Gamma(3, 6) up to a constant
    }
    return -0.5 * fit - logDet + prior;
  }

  private static double[][] covariance(double[][] x, Hyper h) {
    int n = x.length;
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        k[i][j] = kernel(x[i], x[j], h);
        k[j][i] = k[i][j];
      }
      k[i][i] = h.signal() + h.noise() + JITTER;
    }
    return k;
  }

  static double kernel(double[] a, double[] b, Hyper h) {
    double[] ls = h.lengthScales();
    double r2 = 0;
    for (int i = 0; i < a.length; i++) {
      double t = (a[i] - b[i]) / ls[i];
      r2 += t * t;
    }
    double r = Math.sqrt(r2);
    return h.signal() * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
  }

  /** Lower-triangular L with {@code a = L Lᵀ}; throws when {@code a} is not positive definite. */
  static double[][] cholesky(double[][] a) {
    try {
      return new CholeskyDecomposition(MatrixUtils.createRealMatrix(a), 1e-12, 1e-14)
          .getL()
          .getData();
    } catch (MathIllegalArgumentException notPositiveDefinite) {
      throw new ArithmeticException("covariance is not positive definite");
    }
  }

  static double[] solveLower(double[][] l, double[] b) {
    int n = b.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) {
        sum -= li[k] * z[k];
      }
      z[i] = sum / li[i];
    }
    return z;
  }

  static double[] solveUpper(double[][] l, double[] z) {
    int n = z.length;
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = z[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }
}
