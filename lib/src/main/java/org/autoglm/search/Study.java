package org.autoglm.search;

import java.util.ArrayList;
import java.util.List;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.sampler.Seeds;
import org.autoglm.search.space.SearchSpace;

/**
 * Ask/tell over a fixed budget of trials: {@link #ask} hands out the next specs, {@link #tell}
 * records how each ended. Failed trials are recorded like any other and never stop the study.
 */
public final class Study {
  /** How a trial ended. */
  public enum State {
    COMPLETE,
    FAILED
  }

  /** A finished trial as the study sees it: its objective (higher is better) or its failure. */
  public record Finished(int trialId, State state, double objective) {}

  private final SearchSpace space;
  private final Sampler sampler;
  private final long seed;
  private final int budget;
  private final List<Finished> finished = new ArrayList<>();
  private int nextTrialId;

  public Study(SearchSpace space, Sampler sampler, long seed, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("a study needs a budget of at least 1 trial");
    }
    this.space = space;
    this.sampler = sampler;
    this.seed = seed;
    this.budget = budget;
  }

  /** Up to {@code n} new trials, fewer when the budget runs out. */
  public List<TrialSpec> ask(int n) {
    List<TrialSpec> specs = new ArrayList<>();
    while (specs.size() < n && nextTrialId < budget) {
      int id = nextTrialId++;
      specs.add(new TrialSpec(id, sampler.suggest(space, id), Seeds.mix(seed, id)));
    }
    return specs;
  }

  public void tell(Finished result) {
    finished.add(result);
  }

  public boolean isDone() {
    return nextTrialId >= budget;
  }

  public int budget() {
    return budget;
  }

  public List<Finished> finished() {
    return List.copyOf(finished);
  }
}
