package org.autoglm.search.sampler;

import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.random.Seeds;
import org.autoglm.search.space.SearchSpace;

/**
 * Independent draws from the prior. Trial {@code i}'s parameters depend only on the seed and {@code
 * i}, so a resumed study suggests exactly what the uninterrupted one would have.
 */
public final class RandomSampler implements Sampler {
  private final long seed;

  public RandomSampler(long seed) {
    this.seed = seed;
  }

  @Override
  public Map<String, Object> suggest(SearchSpace space, History history, int trialId) {
    return space.sample(new SplittableRandom(Seeds.mix(seed, trialId)));
  }

  @Override
  public boolean isMultiObjective() {
    return true;
  }
}
