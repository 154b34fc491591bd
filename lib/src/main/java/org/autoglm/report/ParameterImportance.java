package org.autoglm.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Which parameters move the objective: a random forest of regression trees fitted from parameters
 * to objective, each parameter's importance its share of the variance the forest's splits remove
 * (mean decrease in impurity, as Spark MLlib's {@code featureImportances} and the forest behind
 * Optuna's fANOVA evaluator). Trees do not care about monotone transforms, so a log-scaled rate
 * needs no rescaling; a categorical parameter's categories are ordered by their mean objective,
 * which gives a regression tree its best binary splits. A parameter a trial does not have (a
 * conditional one) is a value of its own.
 */
public final class ParameterImportance {
  private static final int TREES = 64;
  private static final int MAX_DEPTH = 6;
  private static final int MIN_LEAF = 3;

  private ParameterImportance() {}

  /** A parameter's share of the explained variance; shares add up to 1 (0 for all if none). */
  public record Share(String parameter, double importance) {}

  /**
   * Importances, highest first, from trials' parameters (as text) and objective values; {@code
   * seed} fixes the forest. Fewer than 4 trials, or parameters that never vary, give an empty list.
   */
  public static List<Share> of(List<Map<String, String>> params, double[] objective, long seed) {
    if (params.size() != objective.length) {
      throw new IllegalArgumentException(
          params.size() + " parameter rows for " + objective.length + " objective values");
    }
    List<String> names = varying(params);
    if (params.size() < 4 || names.isEmpty()) {
      return List.of();
    }
    double[][] x = new double[params.size()][names.size()];
    for (int j = 0; j < names.size(); j++) {
      double[] column = encode(params, names.get(j), objective);
      for (int i = 0; i < column.length; i++) {
        x[i][j] = column[i];
      }
    }
    double[] total = new double[names.size()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int t = 0; t < TREES; t++) {
      int[] sample = new int[objective.length];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = random.nextInt(objective.length);
      }
      new Tree(x, objective, random.split(), total).grow(sample, 0);
    }
    double sum = Arrays.stream(total).sum();
    List<Share> shares = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      shares.add(new Share(names.get(j), sum > 0 ? total[j] / sum : 0));
    }
    shares.sort(Comparator.comparingDouble(Share::importance).reversed());
    return shares;
  }

  /** Parameters with more than one value (or present in some trials only), by name. */
  private static List<String> varying(List<Map<String, String>> params) {
    Map<String, TreeSet<String>> values = new HashMap<>();
    TreeSet<String> names = new TreeSet<>();
    params.forEach(p -> names.addAll(p.keySet()));
    for (String name : names) {
      TreeSet<String> seen = new TreeSet<>();
      params.forEach(p -> seen.add(String.valueOf(p.get(name))));
      values.put(name, seen);
    }
    return names.stream().filter(n -> values.get(n).size() > 1).toList();
  }

  /**
   * Numbers as they are (absent first); anything else as the rank of its category's mean objective.
   */
  private static double[] encode(List<Map<String, String>> params, String name, double[] y) {
    double[] column = new double[params.size()];
    boolean numeric = true;
    for (int i = 0; i < column.length && numeric; i++) {
      String value = params.get(i).get(name);
      try {
        column[i] = value == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(value);
        numeric = !Double.isNaN(column[i]);
      } catch (NumberFormatException e) {
        numeric = false;
      }
    }
    if (numeric) {
      return column;
    }
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < column.length; i++) {
      double[] s =
          sums.computeIfAbsent(String.valueOf(params.get(i).get(name)), k -> new double[2]);
      s[0] += y[i];
      s[1]++;
    }
    List<String> byMean = new ArrayList<>(sums.keySet());
    byMean.sort(Comparator.comparingDouble(k -> sums.get(k)[0] / sums.get(k)[1]));
    for (int i = 0; i < column.length; i++) {
      column[i] = byMean.indexOf(String.valueOf(params.get(i).get(name)));
    }
    return column;
  }

  /** One regression tree, grown on a bootstrap sample, adding its impurity decreases to a total. */
  private static final class Tree {
    private final double[][] x;
    private final double[] y;
    private final SplittableRandom random;
    private final double[] importance;

    Tree(double[][] x, double[] y, SplittableRandom random, double[] importance) {
      this.x = x;
      this.y = y;
      this.random = random;
      this.importance = importance;
    }

    void grow(int[] rows, int depth) {
      if (depth >= MAX_DEPTH || rows.length < 2 * MIN_LEAF) {
        return;
      }
      int features = x[0].length;
      int tried = Math.max(1, (int) Math.ceil(features / 3.0));
      int[] order = shuffled(features);
      double bestGain = 1e-12;
      int bestFeature = -1;
      double bestThreshold = 0;
      for (int f = 0; f < tried; f++) {
        int feature = order[f];
        Integer[] sorted = Arrays.stream(rows).boxed().toArray(Integer[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(r -> x[r][feature]));
        double totalSum = 0;
        double totalSquares = 0;
        for (int r : rows) {
          totalSum += y[r];
          totalSquares += y[r] * y[r];
        }
        double leftSum = 0;
        double leftSquares = 0;
        double parent = totalSquares - totalSum * totalSum / rows.length;
        for (int i = 0; i < sorted.length - 1; i++) {
          double v = y[sorted[i]];
          leftSum += v;
          leftSquares += v * v;
          int left = i + 1;
          int right = sorted.length - left;
          double here = x[sorted[i]][feature];
          double next = x[sorted[i + 1]][feature];
          if (left < MIN_LEAF || right < MIN_LEAF || here == next) {
            continue;
          }
          double rightSum = totalSum - leftSum;
          double children =
              leftSquares
                  - leftSum * leftSum / left
                  + (totalSquares - leftSquares)
                  - rightSum * rightSum / right;
          double gain = parent - children;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = feature;
            bestThreshold = Double.isInfinite(here) ? here : (here + next) / 2;
          }
        }
      }
      if (bestFeature < 0) {
        return;
      }
      importance[bestFeature] += bestGain;
      int feature = bestFeature;
      double threshold = bestThreshold;
      grow(Arrays.stream(rows).filter(r -> x[r][feature] <= threshold).toArray(), depth + 1);
      grow(Arrays.stream(rows).filter(r -> x[r][feature] > threshold).toArray(), depth + 1);
    }

    private int[] shuffled(int n) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      return order;
    }
  }
}
