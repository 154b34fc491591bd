package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/**
 * Every combination once, in a seeded random order so that a budget smaller than the grid still
 * covers it evenly. Numeric parameters take {@code pointsPerNumeric} evenly spaced values (in log
 * space when log-scaled; every value of a small integer range); conditional parameters are only
 * expanded where they are active, so no two grid points are the same trial.
 */
public final class GridSampler implements Sampler {
  /** More points than any study could run: a typo in the space, not a plan. */
  static final int MAX_POINTS = 1_000_000;

  private final long seed;
  private final int pointsPerNumeric;
  private SearchSpace cachedSpace;
  private List<Map<String, Object>> cachedGrid;

  public GridSampler(long seed, int pointsPerNumeric) {
    if (pointsPerNumeric < 2) {
      throw new IllegalArgumentException(
          "'search.grid_points' is " + pointsPerNumeric + " but must be >= 2");
    }
    this.seed = seed;
    this.pointsPerNumeric = pointsPerNumeric;
  }

  @Override
  public Map<String, Object> suggest(SearchSpace space, History history, int trialId) {
    List<Map<String, Object>> grid = grid(space);
    return grid.get(trialId % grid.size());
  }

  @Override
  public OptionalInt capacity(SearchSpace space) {
    return OptionalInt.of(grid(space).size());
  }

  @Override
  public boolean isMultiObjective() {
    return true;
  }

  private synchronized List<Map<String, Object>> grid(SearchSpace space) {
    if (!space.equals(cachedSpace)) {
      List<Map<String, Object>> points = new ArrayList<>();
      expand(space, 0, new LinkedHashMap<>(), points);
      // Fisher-Yates with the study seed: a stable order that a resumed study repeats.
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = points.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Map<String, Object> t = points.get(i);
        points.set(i, points.get(j));
        points.set(j, t);
      }
      cachedSpace = space;
      cachedGrid = List.copyOf(points);
    }
    return cachedGrid;
  }

  private void expand(
      SearchSpace space, int index, Map<String, Object> chosen, List<Map<String, Object>> out) {
    if (index == space.parameters().size()) {
      if (out.size() >= MAX_POINTS) {
        throw new IllegalArgumentException(
            "the grid has more than "
                + MAX_POINTS
                + " points; lower 'search.grid_points' or fix some parameters");
      }
      out.add(Map.copyOf(chosen));
      return;
    }
    Parameter p = space.parameters().get(index);
    if (!space.isActive(p.name(), chosen)) {
      expand(space, index + 1, chosen, out);
      return;
    }
    for (Object value : values(p)) {
      chosen.put(p.name(), value);
      expand(space, index + 1, chosen, out);
      chosen.remove(p.name());
    }
  }

  private List<Object> values(Parameter p) {
    if (p instanceof Parameter.Fixed f) {
      return List.of(f.value());
    }
    if (p instanceof Parameter.Categorical c) {
      return c.choices();
    }
    if (p instanceof Parameter.Int i && i.size() <= pointsPerNumeric) {
      List<Object> all = new ArrayList<>();
      for (int v = i.low(); v <= i.high(); v += i.step()) {
        all.add(v);
      }
      return all;
    }
    Parameter.Numeric n = (Parameter.Numeric) p;
    LinkedHashSet<Object> spaced = new LinkedHashSet<>();
    for (int k = 0; k < pointsPerNumeric; k++) {
      spaced.add(n.fromUnit(k / (double) (pointsPerNumeric - 1)));
    }
    return List.copyOf(spaced);
  }
}
