package org.autoglm.search.sampler;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.gamma.ErfDifference;

/**
 * A mixture density over part of the unit cube, one kernel per observation plus a broad prior
 * kernel: truncated Gaussians on numeric coordinates, smoothed point masses on categorical ones.
 * The kernels are products over coordinates, so the estimator is multivariate (Falkner et al.
 * 2018), and each kernel samples and scores whole points.
 */
final class ParzenEstimator {
  private static final double SIGMA0 = 0.2;
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private final int[] choices; // per coordinate: 0 for numeric, else the number of categories
  private final double[] weights;
  private final double[][] mus; // [kernel][numeric coordinate] (categorical unused)
  private final double[][] sigmas;
  // Per kernel and numeric coordinate: log of (truncated mass * sigma * sqrt(2 pi)).
  private final double[][] logNorm;
  private final double[] logWeights;
  private final double[][][] categorical; // [kernel][coordinate][category] probabilities

  /**
   * @param points observations, one coordinate per parameter: a unit value for numeric ones, a
   *     category index for categorical ones
   * @param observationWeights weight per observation (older ones may count less)
   * @param choices per coordinate: 0 for numeric, the number of categories otherwise
   * @param priorWeight weight of the prior kernel, relative to an observation's
   */
  ParzenEstimator(
      List<double[]> points, double[] observationWeights, int[] choices, double priorWeight) {
    this.choices = choices;
    int n = points.size();
    int d = choices.length;
    int kernels = n + 1;
    weights = new double[kernels];
    double total = priorWeight;
    for (int j = 0; j < n; j++) {
      weights[j] = observationWeights[j];
      total += weights[j];
    }
    weights[n] = priorWeight;
    logWeights = new double[kernels];
    for (int j = 0; j < kernels; j++) {
      weights[j] /= total;
      logWeights[j] = Math.log(weights[j]);
    }
    int numericCount = 0;
    for (int c : choices) {
      numericCount += c == 0 ? 1 : 0;
    }
    // Scott's rule per coordinate: the spread of the observations times n^(-1/(d+4)), so kernels
    // tighten where the good trials agree; floored so they never collapse ("magic clip").
    double shrink = Math.pow(Math.max(n, 1), -1.0 / (Math.max(numericCount, 1) + 4));
    double minSigma = 1.0 / Math.min(100.0, 1.0 + kernels);
    double[] bandwidth = new double[d];
    for (int i = 0; i < d; i++) {
      bandwidth[i] = n < 2 ? SIGMA0 : 1.06 * spread(points, i) * shrink;
    }
    mus = new double[kernels][d];
    sigmas = new double[kernels][d];
    logNorm = new double[kernels][d];
    categorical = new double[kernels][d][];
    for (int j = 0; j < kernels; j++) {
      boolean prior = j == n;
      for (int i = 0; i < d; i++) {
        if (choices[i] == 0) {
          mus[j][i] = prior ? 0.5 : points.get(j)[i];
          sigmas[j][i] = prior ? 1.0 : Math.max(minSigma, Math.min(1.0, bandwidth[i]));
          logNorm[j][i] =
              Math.log(mass(mus[j][i], sigmas[j][i])) + Math.log(sigmas[j][i]) + LOG_SQRT_2PI;
        } else {
          int k = choices[i];
          double[] p = new double[k];
          double smoothing = priorWeight / k;
          for (int c = 0; c < k; c++) {
            p[c] = smoothing;
          }
          if (!prior) {
            p[(int) points.get(j)[i]] += 1;
          } else {
            Arrays.fill(p, 1.0 / k);
          }
          double sum = 0;
          for (double v : p) {
            sum += v;
          }
          for (int c = 0; c < k; c++) {
            p[c] /= sum;
          }
          categorical[j][i] = p;
        }
      }
    }
  }

  double[] sample(SplittableRandom random) {
    double u = random.nextDouble();
    int j = 0;
    while (j < weights.length - 1 && (u -= weights[j]) >= 0) {
      j++;
    }
    double[] x = new double[choices.length];
    for (int i = 0; i < choices.length; i++) {
      if (choices[i] == 0) {
        x[i] = truncatedNormal(random, mus[j][i], sigmas[j][i]);
      } else {
        double[] p = categorical[j][i];
        double v = random.nextDouble();
        int c = 0;
        while (c < p.length - 1 && (v -= p[c]) >= 0) {
          c++;
        }
        x[i] = c;
      }
    }
    return x;
  }

  /** Log density at {@code x}, by log-sum-exp over kernels. */
  double logDensity(double[] x) {
    double[] terms = new double[weights.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < weights.length; j++) {
      double t = logWeights[j];
      for (int i = 0; i < choices.length; i++) {
        if (choices[i] == 0) {
          double z = (x[i] - mus[j][i]) / sigmas[j][i];
          t += -0.5 * z * z - logNorm[j][i];
        } else {
          t += Math.log(categorical[j][i][(int) x[i]]);
        }
      }
      terms[j] = t;
      max = Math.max(max, t);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }

  private static double spread(List<double[]> points, int i) {
    double mean = 0;
    for (double[] p : points) {
      mean += p[i] / points.size();
    }
    double var = 0;
    for (double[] p : points) {
      var += (p[i] - mean) * (p[i] - mean) / (points.size() - 1);
    }
    return Math.sqrt(var);
  }

  private static double mass(double mu, double sigma) {
    double s = sigma * Math.sqrt(2);
    return Math.max(1e-300, 0.5 * ErfDifference.value((0 - mu) / s, (1 - mu) / s));
  }

  private static double truncatedNormal(SplittableRandom random, double mu, double sigma) {
    for (int attempt = 0; attempt < 100; attempt++) {
      double x = mu + sigma * gaussian(random);
      if (x >= 0 && x <= 1) {
        return x;
      }
    }
    return Math.max(0, Math.min(1, mu));
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
