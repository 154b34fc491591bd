package org.autoglm.search.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Pareto dominance and hypervolume over loss vectors (lower is better on every axis). */
public final class Pareto {
  private Pareto() {}

  /** Does {@code a} dominate {@code b}: no worse anywhere, better somewhere? */
  public static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        return false;
      }
      better |= a[i] < b[i];
    }
    return better;
  }

  /** Indices of the points no other point dominates, ascending. */
  public static List<Integer> nonDominated(List<double[]> points) {
    List<Integer> front = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      boolean dominated = false;
      for (int j = 0; j < points.size() && !dominated; j++) {
        dominated = j != i && dominates(points.get(j), points.get(i));
      }
      if (!dominated) {
        front.add(i);
      }
    }
    return front;
  }

  /**
   * Non-dominated sorting (Deb et al. 2002): rank 0 is the Pareto front, rank 1 the front once rank
   * 0 is removed, and so on.
   */
  public static int[] ranks(List<double[]> points) {
    int n = points.size();
    int[] rank = new int[n];
    int[] dominatedBy = new int[n];
    List<List<Integer>> dominating = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      dominating.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (dominates(points.get(i), points.get(j))) {
          dominating.get(i).add(j);
        } else if (dominates(points.get(j), points.get(i))) {
          dominatedBy[i]++;
        }
      }
      if (dominatedBy[i] == 0) {
        current.add(i);
      }
    }
    for (int r = 0; !current.isEmpty(); r++) {
      List<Integer> next = new ArrayList<>();
      for (int i : current) {
        rank[i] = r;
        for (int j : dominating.get(i)) {
          if (--dominatedBy[j] == 0) {
            next.add(j);
          }
        }
      }
      current = next;
    }
    return rank;
  }

  /**
   * The volume dominated by {@code points} and bounded by {@code reference}, by slicing along the
   * last objective (exact; fine for the front sizes a study produces). Points not strictly better
   * than the reference on every axis add nothing.
   */
  public static double hypervolume(List<double[]> points, double[] reference) {
    List<double[]> inside = new ArrayList<>();
    for (double[] p : points) {
      boolean within = true;
      for (int i = 0; i < p.length; i++) {
        within &= p[i] < reference[i];
      }
      if (within) {
        inside.add(p);
      }
    }
    return slice(inside, reference, reference.length);
  }

  private static double slice(List<double[]> points, double[] reference, int dims) {
    if (points.isEmpty()) {
      return 0;
    }
    if (dims == 1) {
      return reference[0] - points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
    }
    int axis = dims - 1;
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(p -> p[axis]));
    double volume = 0;
    for (int i = 0; i < sorted.size(); i++) {
      double top = i + 1 < sorted.size() ? sorted.get(i + 1)[axis] : reference[axis];
      double depth = top - sorted.get(i)[axis];
      if (depth > 0) {
        List<double[]> below = new ArrayList<>();
        for (double[] p : sorted.subList(0, i + 1)) {
          below.add(Arrays.copyOf(p, axis));
        }
        volume += depth * slice(below, reference, axis);
      }
    }
    return volume;
  }
}
