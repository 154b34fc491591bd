package org.autoglm.search.sampler;

import java.util.Map;
import org.autoglm.search.space.SearchSpace;

/** Chooses the parameters of the next trial. */
public interface Sampler {
  /** Parameters for trial {@code trialId}; deterministic for a given seed and history. */
  Map<String, Object> suggest(SearchSpace space, int trialId);
}
