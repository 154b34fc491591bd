package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.random.Seeds;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/**
 * Regularized evolution (Real et al. 2019): the population is the {@code population} most recent
 * complete trials — the oldest die, however good — and each child is one mutation of the best of
 * {@code tournament} members drawn at random. Until the population is full, children come from the
 * prior. Ageing keeps it from clinging to a lucky early trial.
 */
public final class EvolutionSampler implements Sampler {
  private static final double MUTATION_STEP = 0.15;

  private final long seed;
  private final int population;
  private final int tournament;

  public EvolutionSampler(long seed, int population, int tournament) {
    if (population < 2 || tournament < 1 || tournament > population) {
      throw new IllegalArgumentException(
          "evolution needs population >= 2 and 1 <= tournament <= population, got "
              + population
              + " and "
              + tournament);
    }
    this.seed = seed;
    this.population = population;
    this.tournament = tournament;
  }

  public EvolutionSampler(long seed) {
    this(seed, 20, 5);
  }

  @Override
  public Map<String, Object> suggest(SearchSpace space, History history, int trialId) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, trialId));
    Map<String, Object> filler = space.sampleAll(random.split());
    List<Observation> complete =
        history.complete().stream().sorted(Comparator.comparingInt(Observation::trialId)).toList();
    if (complete.size() < population) {
      return space.resolve(Map.of(), filler);
    }
    List<Observation> alive = complete.subList(complete.size() - population, complete.size());
    Observation parent = null;
    for (int i = 0; i < tournament; i++) {
      Observation o = alive.get(random.nextInt(alive.size()));
      if (parent == null || o.loss() < parent.loss()) {
        parent = o;
      }
    }
    return mutate(space, parent.params(), filler, random);
  }

  /** Changes one active tuned parameter; parameters the change switches on come from the prior. */
  static Map<String, Object> mutate(
      SearchSpace space,
      Map<String, Object> parent,
      Map<String, Object> filler,
      SplittableRandom random) {
    List<Parameter> mutable = new ArrayList<>();
    for (Parameter p : space.parameters()) {
      if (!(p instanceof Parameter.Fixed) && parent.containsKey(p.name())) {
        mutable.add(p);
      }
    }
    Map<String, Object> child = new LinkedHashMap<>(parent);
    if (!mutable.isEmpty()) {
      Parameter p = mutable.get(random.nextInt(mutable.size()));
      child.put(p.name(), mutateOne(p, parent.get(p.name()), random));
    }
    return space.resolve(child, filler);
  }

  static Object mutateOne(Parameter p, Object value, SplittableRandom random) {
    if (p instanceof Parameter.Categorical c) {
      if (c.choices().size() == 1) {
        return value;
      }
      int current = c.indexOf(value);
      int other = random.nextInt(c.choices().size() - 1);
      return c.choices().get(other >= current ? other + 1 : other);
    }
    Parameter.Numeric n = (Parameter.Numeric) p;
    double u = n.toUnit(value) + MUTATION_STEP * ParzenEstimator.gaussian(random);
    // Reflect at the edges so a boundary value is not a trap.
    u = u < 0 ? -u : u > 1 ? 2 - u : u;
    return n.fromUnit(u);
  }
}
