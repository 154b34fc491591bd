package org.autoglm.search.sampler;

import java.util.List;

/** The built-in samplers by the names {@code search.sampler} accepts. */
public final class Samplers {
  public static final List<String> NAMES =
      List.of("grid", "random", "sobol", "tpe", "gp", "cmaes", "evolution", "nsga2");

  private Samplers() {}

  /**
   * The sampler called {@code name} with its default settings (5 grid points per number), for
   * trials asked one at a time.
   */
  public static Sampler named(String name, long seed) {
    return named(name, seed, 5, 1);
  }

  /**
   * The sampler called {@code name}; {@code gridPoints} is used by {@code grid} only, {@code batch}
   * (trials asked at once) by {@code cmaes}, whose generations are whole batches.
   */
  public static Sampler named(String name, long seed, int gridPoints, int batch) {
    return switch (name) {
      case "grid" -> new GridSampler(seed, gridPoints);
      case "random" -> new RandomSampler(seed);
      case "sobol" -> new SobolSampler(seed);
      case "tpe" -> new TpeSampler(seed);
      case "gp" -> new GpSampler(seed);
      case "cmaes" -> new CmaEsSampler(seed, true, batch);
      case "evolution" -> new EvolutionSampler(seed);
      case "nsga2" -> new Nsga2Sampler(seed);
      default ->
          throw new IllegalArgumentException(
              "'search.sampler' is '" + name + "' but must be one of " + String.join(", ", NAMES));
    };
  }
}
