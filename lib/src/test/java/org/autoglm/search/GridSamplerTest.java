package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.autoglm.search.sampler.GridSampler;
import org.autoglm.search.space.Condition;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.junit.jupiter.api.Test;

class GridSamplerTest {
  @Test
  void visitsEveryCombinationOnceAndTheBudgetStopsAtTheGridSize() {
    // model: gcn + gat x heads (3 of 1..4) + sage = 5 combinations; x lr 3 points = 15.
    SearchSpace space =
        new SearchSpace(
            List.of(
                new Parameter.Categorical("model", List.of("gcn", "gat", "sage")),
                new Parameter.Int("heads", 1, 4, false),
                new Parameter.Real("lr", 0.001, 0.1, true)),
            Map.of("heads", new Condition("model", List.of("gat"))));
    Study study = Study.builder(space).sampler(new GridSampler(1, 3)).seed(1).budget(100).build();
    assertThat(study.budget()).isEqualTo(15);
    Set<Map<String, Object>> seen = new HashSet<>();
    while (!study.isDone()) {
      for (TrialSpec spec : study.ask(4)) {
        seen.add(spec.params());
        study.tell(Outcome.finished(spec.trialId(), 1, 0.5));
      }
    }
    assertThat(seen).hasSize(15);
    assertThat(seen.stream().map(p -> p.get("lr")).distinct()).hasSize(3);
  }
}
