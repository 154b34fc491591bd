package org.autoglm.search.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.random.Seeds;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.Pareto;

/**
 * NSGA-II (Deb et al. 2002) for one or more objectives, steady-state: the parents of each child are
 * the {@code population} best complete trials by non-dominated rank, then crowding distance
 * (elitism over everything seen so far). Two binary tournaments pick the parents; numeric genes
 * cross by simulated binary crossover and mutate polynomially, categorical ones are swapped or
 * redrawn. The first {@code population} trials come from the prior.
 */
public final class Nsga2Sampler implements Sampler {
  private static final double CROSSOVER_PROBABILITY = 0.9;
  private static final double CROSSOVER_ETA = 15;
  private static final double MUTATION_ETA = 20;

  private final long seed;
  private final int population;

  public Nsga2Sampler(long seed, int population) {
    if (population < 4) {
      throw new IllegalArgumentException("nsga2 needs population >= 4, got " + population);
    }
    this.seed = seed;
    this.population = population;
  }

  public Nsga2Sampler(long seed) {
    this(seed, 20);
  }

  @Override
  public boolean isMultiObjective() {
    return true;
  }

  @Override
  public Map<String, Object> suggest(SearchSpace space, History history, int trialId) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, trialId));
    Map<String, Object> filler = space.sampleAll(random.split());
    List<Observation> complete = history.complete();
    if (complete.size() < population) {
      return space.resolve(Map.of(), filler);
    }
    List<Observation> elite = elite(complete);
    Observation a = tournament(elite, random);
    Observation b = tournament(elite, random);
    Map<String, Object> child = new LinkedHashMap<>();
    int genes = 0;
    for (Parameter p : space.parameters()) {
      genes += p instanceof Parameter.Fixed ? 0 : 1;
    }
    boolean cross = random.nextDouble() < CROSSOVER_PROBABILITY;
    for (Parameter p : space.parameters()) {
      Object va = a.params().get(p.name());
      Object vb = b.params().get(p.name());
      if (p instanceof Parameter.Fixed || va == null) {
        continue;
      }
      Object gene = va;
      if (cross && vb != null) {
        gene =
            p instanceof Parameter.Numeric n
                ? n.fromUnit(simulatedBinaryCrossover(n.toUnit(va), n.toUnit(vb), random))
                : (random.nextBoolean() ? va : vb);
      }
      if (random.nextDouble() < 1.0 / Math.max(1, genes)) {
        gene =
            p instanceof Parameter.Numeric n
                ? n.fromUnit(polynomialMutation(n.toUnit(gene), random))
                : filler.get(p.name());
      }
      child.put(p.name(), gene);
    }
    return space.resolve(child, filler);
  }

  /** The {@code population} best by rank, ties on the last front broken by crowding. */
  private List<Observation> elite(List<Observation> complete) {
    List<double[]> losses = complete.stream().map(Observation::losses).toList();
    int[] rank = Pareto.ranks(losses);
    double[] crowding = new double[complete.size()];
    int maxRank = Arrays.stream(rank).max().orElse(0);
    for (int r = 0; r <= maxRank; r++) {
      List<Integer> front = new ArrayList<>();
      for (int i = 0; i < rank.length; i++) {
        if (rank[i] == r) {
          front.add(i);
        }
      }
      crowding(front, losses, crowding);
    }
    Integer[] order = new Integer[complete.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.comparingInt((Integer i) -> rank[i])
            .thenComparingDouble(i -> -crowding[i])
            .thenComparingInt(i -> complete.get(i).trialId()));
    List<Observation> elite = new ArrayList<>();
    for (int i = 0; i < Math.min(population, order.length); i++) {
      Observation o = complete.get(order[i]);
      elite.add(
          new Observation(
              o.trialId(),
              o.params(),
              new double[] {rank[order[i]], -crowding[order[i]]},
              o.state(),
              o.step(),
              o.seconds()));
    }
    return elite;
  }

  private static void crowding(List<Integer> front, List<double[]> losses, double[] crowding) {
    int m = losses.get(0).length;
    for (int k = 0; k < m; k++) {
      int axis = k;
      List<Integer> sorted = new ArrayList<>(front);
      sorted.sort(Comparator.comparingDouble(i -> losses.get(i)[axis]));
      double span =
          losses.get(sorted.get(sorted.size() - 1))[axis] - losses.get(sorted.get(0))[axis];
      crowding[sorted.get(0)] = Double.POSITIVE_INFINITY;
      crowding[sorted.get(sorted.size() - 1)] = Double.POSITIVE_INFINITY;
      for (int j = 1; j < sorted.size() - 1 && span > 0; j++) {
        crowding[sorted.get(j)] +=
            (losses.get(sorted.get(j + 1))[axis] - losses.get(sorted.get(j - 1))[axis]) / span;
      }
    }
  }

  /** Binary tournament on (rank, −crowding), which {@link #elite} stored as the losses. */
  private static Observation tournament(List<Observation> elite, SplittableRandom random) {
    Observation a = elite.get(random.nextInt(elite.size()));
    Observation b = elite.get(random.nextInt(elite.size()));
    double[] la = a.losses();
    double[] lb = b.losses();
    if (la[0] != lb[0]) {
      return la[0] < lb[0] ? a : b;
    }
    return la[1] <= lb[1] ? a : b;
  }

  static double simulatedBinaryCrossover(double a, double b, SplittableRandom random) {
    double u = random.nextDouble();
    double beta =
        u <= 0.5
            ? Math.pow(2 * u, 1 / (CROSSOVER_ETA + 1))
            : Math.pow(1 / (2 * (1 - u)), 1 / (CROSSOVER_ETA + 1));
    double child =
        random.nextBoolean()
            ? 0.5 * ((1 + beta) * a + (1 - beta) * b)
            : 0.5 * ((1 - beta) * a + (1 + beta) * b);
    return Math.max(0, Math.min(1, child));
  }

  static double polynomialMutation(double x, SplittableRandom random) {
    double u = random.nextDouble();
    double delta =
        u < 0.5
            ? Math.pow(2 * u, 1 / (MUTATION_ETA + 1)) - 1
            : 1 - Math.pow(2 * (1 - u), 1 / (MUTATION_ETA + 1));
    return Math.max(0, Math.min(1, x + delta));
  }
}
