package org.autoglm.search.sampler;

import java.util.Map;
import java.util.OptionalInt;
import org.autoglm.search.space.SearchSpace;

/**
 * Chooses the parameters of the next trial. Implementations are deterministic: the same seed,
 * history and trial id give the same parameters, which is what lets a study rebuilt from its
 * journal continue exactly where it stopped.
 */
public interface Sampler {
  /** Active parameters for trial {@code trialId}. */
  Map<String, Object> suggest(SearchSpace space, History history, int trialId);

  /** How many distinct trials this sampler can produce for {@code space}, if limited. */
  default OptionalInt capacity(SearchSpace space) {
    return OptionalInt.empty();
  }

  /** Can it trade off several objectives? Single-objective samplers use the first one only. */
  default boolean isMultiObjective() {
    return false;
  }
}
