package org.autoglm.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.numbers.gamma.Erfc;

/**
 * Runs side by side, per metric: the mean and spread of each run, a Z-score against a reference
 * run, and for the metrics with several values a rank test (Mann-Whitney U, two-sided) of the run's
 * values against the reference's. Pure: the runs come in as their trials' numbers.
 *
 * <p>Metrics: {@code best_val_score} and {@code best_test_score} (the chosen trial: best on
 * validation), {@code top_k_val_score} and {@code top_k_test_score} (the k best by validation),
 * {@code train_seconds} (per complete trial) and {@code trials_to_best} (the telling order's place
 * of the chosen trial). Z is the difference of the means over its standard error, {@code (mean -
 * ref_mean) / sqrt(sd^2 / n + ref_sd^2 / ref_n)}; null where the spread is unknown (single values).
 */
public final class RunComparison {
  public static final List<String> METRICS =
      List.of(
          "best_val_score",
          "best_test_score",
          "top_k_val_score",
          "top_k_test_score",
          "train_seconds",
          "trials_to_best");
  private static final int EXACT_LIMIT = 40;

  private RunComparison() {}

  /** One complete trial of a run: its scores, time and place in the telling order. */
  public record TrialScore(double valScore, double testScore, double trainSeconds, int sequence) {}

  /** A run to compare, with its complete trials; {@code runDate} null when it has none. */
  public record RunScores(String study, String runId, String runDate, List<TrialScore> trials) {
    public RunScores {
      trials = List.copyOf(trials);
    }
  }

  /**
   * One run's value of one metric.
   *
   * @param n values behind the mean
   * @param spread their sample standard deviation (NaN for one value)
   * @param z against the reference run; null for the reference and for single values
   * @param pValue the rank test's two-sided p against the reference; null where not applicable
   */
  public record Row(
      String study,
      String runId,
      String runDate,
      boolean reference,
      String metric,
      int n,
      double mean,
      double spread,
      Double z,
      Double pValue) {}

  /**
   * Compares {@code runs} (those with no complete trial are left out) against {@code
   * referenceRunId} on the {@code topK} best trials of each.
   */
  public static List<Row> compare(List<RunScores> runs, String referenceRunId, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("top k is " + topK + " but must be >= 1");
    }
    RunScores reference =
        runs.stream()
            .filter(r -> r.runId().equals(referenceRunId))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "reference run "
                            + referenceRunId
                            + " is not among the runs compared: "
                            + runs.stream().map(RunScores::runId).toList()));
    if (reference.trials().isEmpty()) {
      throw new IllegalArgumentException(
          "reference run " + referenceRunId + " has no complete trial to compare against");
    }
    List<Row> rows = new ArrayList<>();
    for (RunScores run : runs) {
      if (run.trials().isEmpty()) {
        continue;
      }
      boolean isReference = run == reference;
      for (String metric : METRICS) {
        double[] mine = values(run, metric, topK);
        double[] theirs = values(reference, metric, topK);
        Double z = null;
        Double p = null;
        if (!isReference && mine.length > 1 && theirs.length > 1) {
          double se = Math.sqrt(variance(mine) / mine.length + variance(theirs) / theirs.length);
          z = se > 0 ? (mean(mine) - mean(theirs)) / se : null;
          p = mannWhitneyP(mine, theirs);
        }
        rows.add(
            new Row(
                run.study(),
                run.runId(),
                run.runDate(),
                isReference,
                metric,
                mine.length,
                mean(mine),
                mine.length > 1 ? Math.sqrt(variance(mine)) : Double.NaN,
                z,
                p));
      }
    }
    return rows;
  }

  private static double[] values(RunScores run, String metric, int topK) {
    List<TrialScore> byVal = new ArrayList<>(run.trials());
    byVal.sort(
        Comparator.comparingDouble(TrialScore::valScore)
            .reversed()
            .thenComparingInt(TrialScore::sequence));
    List<TrialScore> top = byVal.subList(0, Math.min(topK, byVal.size()));
    TrialScore best = byVal.get(0);
    return switch (metric) {
      case "best_val_score" -> new double[] {best.valScore()};
      case "best_test_score" -> new double[] {best.testScore()};
      case "top_k_val_score" -> top.stream().mapToDouble(TrialScore::valScore).toArray();
      case "top_k_test_score" -> top.stream().mapToDouble(TrialScore::testScore).toArray();
      case "train_seconds" -> run.trials().stream().mapToDouble(TrialScore::trainSeconds).toArray();
      case "trials_to_best" -> new double[] {best.sequence()};
      default -> throw new IllegalArgumentException("unknown metric " + metric);
    };
  }

  public static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  public static double variance(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
  }

  /**
   * Two-sided p of the Mann-Whitney U test of {@code a} against {@code b}, with mid-ranks for ties:
   * exact (counting every split of the pooled ranks) up to {@value #EXACT_LIMIT} values, the normal
   * approximation with tie correction above.
   */
  public static double mannWhitneyP(double[] a, double[] b) {
    int n = a.length + b.length;
    double[] pooled = new double[n];
    System.arraycopy(a, 0, pooled, 0, a.length);
    System.arraycopy(b, 0, pooled, a.length, b.length);
    double[] ranks = midRanks(pooled);
    double rankSumA = 0;
    for (int i = 0; i < a.length; i++) {
      rankSumA += ranks[i];
    }
    double expected = a.length * (n + 1) / 2.0;
    double observed = Math.abs(rankSumA - expected);
    if (n <= EXACT_LIMIT) {
      return exactP(ranks, a.length, observed, expected);
    }
    double ties = 0;
    double[] sorted = pooled.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && sorted[j] == sorted[i]) {
        j++;
      }
      double t = j - i;
      ties += t * t * t - t;
      i = j;
    }
    double variance =
        a.length * (double) b.length / 12.0 * ((n + 1) - ties / ((double) n * (n - 1)));
    if (variance <= 0) {
      return 1;
    }
    double z = (observed - 0.5) / Math.sqrt(variance);
    return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
  }

  /** Share of all splits of the ranks into groups of {@code size} at least as far from the mean. */
  private static double exactP(double[] ranks, int size, double observed, double expected) {
    // Doubled mid-ranks are integers: count subsets by their doubled rank sum.
    int n = ranks.length;
    int maxSum = 2 * n * (n + 1);
    double[][] counts = new double[size + 1][maxSum + 1];
    counts[0][0] = 1;
    for (double rank : ranks) {
      int doubled = (int) Math.round(rank * 2);
      for (int k = size; k >= 1; k--) {
        for (int s = maxSum; s >= doubled; s--) {
          counts[k][s] += counts[k - 1][s - doubled];
        }
      }
    }
    double total = 0;
    double extreme = 0;
    for (int s = 0; s <= maxSum; s++) {
      double c = counts[size][s];
      total += c;
      if (Math.abs(s / 2.0 - expected) >= observed - 1e-9) {
        extreme += c;
      }
    }
    return extreme / total;
  }

  private static double[] midRanks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j < order.length && values[order[j]] == values[order[i]]) {
        j++;
      }
      double mid = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        ranks[order[k]] = mid;
      }
      i = j;
    }
    return ranks;
  }

  private static double normalCdf(double z) {
    return 0.5 * Erfc.value(-z / Math.sqrt(2));
  }
}
