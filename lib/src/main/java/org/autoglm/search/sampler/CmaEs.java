package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * The state of a (μ/μ_w, λ) CMA-ES in the unit cube, after Hansen's tutorial (2016). Updates take
 * whole generations of evaluated points; points need not have come from the current distribution
 * (their steps are clipped as for injected solutions, Hansen 2011), which lets trials finish out of
 * order and a batch feed several generations.
 *
 * <p>The best point of the run so far is injected into every generation's ranking, where it
 * displaces the worst: at a budget of about a hundred trials, keeping the best-known point in the
 * recombination cut the median regret after 100 trials on rosenbrock4 from 33 to 21 and on branin
 * from 0.0099 to 0.0015 (40 seeds; BENCHMARKS.md). It costs no evaluation.
 */
final class CmaEs {
  private final int n;
  final int lambda;
  private final int mu;
  private final double[] weights;
  private final double muEff;
  private final double cSigma;
  private final double dSigma;
  private final double cc;
  private final double c1;
  private final double cMu;
  private final double chiN;
  private final double[] floors; // minimum marginal std per coordinate (integer and one-hot)

  private double[] mean;
  private double sigma;
  private double[][] c;
  private double[] pSigma;
  private double[] pc;
  private double[][] b; // eigenvectors of C (columns)
  private double[] d; // square roots of C's eigenvalues
  private int generation;
  private double lastBest = Double.POSITIVE_INFINITY;
  private int flatGenerations;
  private double[] elite;
  private double eliteLoss = Double.POSITIVE_INFINITY;

  CmaEs(double[] mean, double sigma, int lambda, double[] floors) {
    this.n = mean.length;
    this.lambda = lambda;
    this.mu = lambda / 2;
    this.floors = floors;
    // Hansen (2016), eq. 49-53: positive weights for the best half, negative ("active") weights
    // for the rest, scaled so the covariance stays positive definite.
    double[] raw = new double[lambda];
    double positive = 0;
    double negative = 0;
    double positiveSq = 0;
    double negativeSq = 0;
    for (int i = 0; i < lambda; i++) {
      raw[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
      if (raw[i] >= 0) {
        positive += raw[i];
        positiveSq += raw[i] * raw[i];
      } else {
        negative -= raw[i];
        negativeSq += raw[i] * raw[i];
      }
    }
    this.muEff = positive * positive / positiveSq;
    double muEffMinus = negativeSq > 0 ? negative * negative / negativeSq : 0;
    this.c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
    this.cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
    double alphaMinus =
        Math.min(
            1 + c1 / cMu, Math.min(1 + 2 * muEffMinus / (muEff + 2), (1 - c1 - cMu) / (n * cMu)));
    this.weights = new double[lambda];
    for (int i = 0; i < lambda; i++) {
      weights[i] = raw[i] >= 0 ? raw[i] / positive : alphaMinus * raw[i] / negative;
    }
    this.cSigma = (muEff + 2) / (n + muEff + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
    this.cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
    this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
    this.mean = mean.clone();
    this.sigma = sigma;
    this.c = identity(n);
    this.pSigma = new double[n];
    this.pc = new double[n];
    this.b = identity(n);
    this.d = new double[n];
    Arrays.fill(d, 1);
  }

  static int defaultLambda(int n) {
    return 4 + (int) Math.floor(3 * Math.log(n));
  }

  /** A point from N(mean, σ² C), resampled while outside the cube, then clamped. */
  double[] sample(SplittableRandom random) {
    double[] x = new double[n];
    for (int attempt = 0; attempt < 100; attempt++) {
      double[] z = new double[n];
      for (int i = 0; i < n; i++) {
        z[i] = d[i] * ParzenEstimator.gaussian(random);
      }
      boolean inside = true;
      for (int i = 0; i < n; i++) {
        double v = 0;
        for (int j = 0; j < n; j++) {
          v += b[i][j] * z[j];
        }
        x[i] = mean[i] + sigma * v;
        inside &= x[i] >= 0 && x[i] <= 1;
      }
      if (inside) {
        return x;
      }
    }
    for (int i = 0; i < n; i++) {
      x[i] = Math.max(0, Math.min(1, x[i]));
    }
    return x;
  }

  /** One generation's update from {@code lambda} evaluated points. */
  void tell(List<double[]> drawn, double[] drawnLosses) {
    List<double[]> points = new ArrayList<>(drawn);
    double[] losses = Arrays.copyOf(drawnLosses, drawn.size() + (elite == null ? 0 : 1));
    if (elite != null) {
      points.add(elite);
      losses[drawn.size()] = eliteLoss;
    }
    for (int k = 0; k < drawn.size(); k++) {
      if (drawnLosses[k] < eliteLoss) {
        eliteLoss = drawnLosses[k];
        elite = drawn.get(k);
      }
    }
    Integer[] order = new Integer[points.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
    double[][] invSqrt = inverseSqrt();
    double limit = Math.sqrt(n) + 2.0 * n / (n + 2);
    int count = Math.min(lambda, points.size());
    double[][] y = new double[count][];
    double[] mahalanobisSq = new double[count];
    double[] yw = new double[n];
    for (int k = 0; k < count; k++) {
      double[] yk = new double[n];
      double[] x = points.get(order[k]);
      for (int i = 0; i < n; i++) {
        yk[i] = (x[i] - mean[i]) / sigma;
      }
      double norm = norm(multiply(invSqrt, yk));
      if (norm > limit) {
        for (int i = 0; i < n; i++) {
          yk[i] *= limit / norm;
        }
        norm = limit;
      }
      y[k] = yk;
      mahalanobisSq[k] = Math.max(norm * norm, 1e-20);
      if (k < mu) {
        for (int i = 0; i < n; i++) {
          yw[i] += weights[k] * yk[i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      mean[i] = Math.max(0, Math.min(1, mean[i] + sigma * yw[i]));
    }
    double[] step = multiply(invSqrt, yw);
    double ps = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    for (int i = 0; i < n; i++) {
      pSigma[i] = (1 - cSigma) * pSigma[i] + ps * step[i];
    }
    generation++;
    double psNorm = norm(pSigma);
    boolean hSigma =
        psNorm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generation))
            < (1.4 + 2.0 / (n + 1)) * chiN;
    double pcFactor = hSigma ? Math.sqrt(cc * (2 - cc) * muEff) : 0;
    for (int i = 0; i < n; i++) {
      pc[i] = (1 - cc) * pc[i] + pcFactor * yw[i];
    }
    double weightSum = 0;
    double[] effective = new double[count];
    for (int k = 0; k < count; k++) {
      weightSum += weights[k];
      effective[k] = weights[k] >= 0 ? weights[k] : weights[k] * n / mahalanobisSq[k];
    }
    double decay = 1 + (hSigma ? 0 : c1 * cc * (2 - cc)) - c1 - cMu * weightSum;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double rankMu = 0;
        for (int k = 0; k < count; k++) {
          rankMu += effective[k] * y[k][i] * y[k][j];
        }
        c[i][j] = decay * c[i][j] + c1 * pc[i] * pc[j] + cMu * rankMu;
      }
    }
    sigma *= Math.exp(Math.min(1, (cSigma / dSigma) * (psNorm / chiN - 1)));
    // Keep integer and categorical coordinates moving: a marginal std below a bin freezes them.
    for (int i = 0; i < n; i++) {
      double marginal = sigma * Math.sqrt(c[i][i]);
      if (marginal < floors[i]) {
        c[i][i] = (floors[i] / sigma) * (floors[i] / sigma);
      }
    }
    decompose();
    double best = losses[order[0]];
    flatGenerations =
        Math.abs(best - lastBest) <= 1e-12 * (1 + Math.abs(best)) ? flatGenerations + 1 : 0;
    lastBest = Math.min(lastBest, best);
  }

  double[] mean() {
    return mean.clone();
  }

  /** Has the search converged or stalled, so that a restart would serve better? */
  boolean shouldRestart() {
    double maxStd = 0;
    for (int i = 0; i < n; i++) {
      maxStd = Math.max(maxStd, sigma * Math.sqrt(c[i][i]));
    }
    double maxD = Arrays.stream(d).max().orElse(1);
    double minD = Arrays.stream(d).min().orElse(1);
    return maxStd < 1e-6
        || flatGenerations >= 10 + (int) Math.ceil(30.0 * n / lambda)
        || (maxD / Math.max(minD, 1e-300)) > 1e7;
  }

  private void decompose() {
    RealMatrix matrix = MatrixUtils.createRealMatrix(c);
    // Symmetrise against rounding before the decomposition checks symmetry.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double v = 0.5 * (c[i][j] + c[j][i]);
        matrix.setEntry(i, j, v);
        matrix.setEntry(j, i, v);
      }
    }
    EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(matrix);
    double[] values = eigen.getEigenvalues();
    RealMatrix vectors = eigen.getV();
    for (int i = 0; i < n; i++) {
      d[i] = Math.sqrt(Math.max(values[i], 1e-20));
      for (int j = 0; j < n; j++) {
        b[j][i] = vectors.getEntry(j, i);
      }
    }
  }

  private double[][] inverseSqrt() {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = 0;
        for (int k = 0; k < n; k++) {
          v += b[i][k] * b[j][k] / d[k];
        }
        m[i][j] = v;
      }
    }
    return m;
  }

  private static double[] multiply(double[][] m, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      double s = 0;
      for (int j = 0; j < v.length; j++) {
        s += m[i][j] * v[j];
      }
      out[i] = s;
    }
    return out;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static double[][] identity(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }
}
