package org.autoglm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.search.space.Condition;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  static final SearchSpace CONDITIONAL =
      new SearchSpace(
          List.of(
              new Parameter.Int("heads", 1, 8, false),
              new Parameter.Categorical("model", List.of("gcn", "gat", "sage")),
              new Parameter.Real("lr", 1e-3, 1e-1, true),
              new Parameter.Categorical("optimizer", List.of("adam", "sgd")),
              new Parameter.Real("momentum", 0.5, 0.99, false)),
          Map.of(
              "heads", new Condition("model", List.of("gat")),
              "momentum", new Condition("optimizer", List.of("sgd"))));

  @Test
  void parentsComeBeforeTheParametersTheySwitchOn() {
    assertThat(CONDITIONAL.parameters().stream().map(Parameter::name))
        .containsExactly("model", "heads", "lr", "optimizer", "momentum");
  }

  @Test
  void drawsCarryExactlyTheActiveParameters() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      Map<String, Object> v = CONDITIONAL.sample(random);
      assertThat(v.containsKey("heads")).isEqualTo(v.get("model").equals("gat"));
      assertThat(v.containsKey("momentum")).isEqualTo(v.get("optimizer").equals("sgd"));
      assertThat(v).containsKeys("model", "lr", "optimizer");
    }
  }

  @Test
  void aConditionMustNameAKnownCategoricalParentAndItsValues() {
    List<Parameter> params =
        List.of(
            new Parameter.Categorical("model", List.of("gcn", "gat")),
            new Parameter.Int("heads", 1, 8, false),
            new Parameter.Real("lr", 1e-3, 1e-1, true));
    assertThatThrownBy(
            () -> new SearchSpace(params, Map.of("heads", new Condition("modle", List.of("gat")))))
        .hasMessage(
            "'search.space.heads.when' depends on 'modle', which is not in the search space;"
                + " parameters: model, heads, lr");
    assertThatThrownBy(
            () -> new SearchSpace(params, Map.of("heads", new Condition("model", List.of("gin")))))
        .hasMessage(
            "'search.space.heads.when' lists 'gin', which 'model' never takes; its values:"
                + " [gcn, gat]");
    assertThatThrownBy(
            () -> new SearchSpace(params, Map.of("heads", new Condition("lr", List.of(0.01)))))
        .hasMessageContaining("only a categorical or fixed parameter can switch others on");
  }

  @Test
  void conditionsMayNotFormACycle() {
    List<Parameter> params =
        List.of(
            new Parameter.Categorical("a", List.of("x", "y")),
            new Parameter.Categorical("b", List.of("x", "y")));
    assertThatThrownBy(
            () ->
                new SearchSpace(
                    params,
                    Map.of(
                        "a", new Condition("b", List.of("x")),
                        "b", new Condition("a", List.of("x")))))
        .hasMessageContaining("forms a cycle");
  }

  @Test
  void rangesAndStepsAreValidatedWithTheRuleInTheMessage() {
    assertThatThrownBy(() -> new Parameter.Real("lr", 0.1, 0.01, false))
        .hasMessage("'search.space.lr' has low 0.1 and high 0.01 but low < high");
    assertThatThrownBy(() -> new Parameter.Real("lr", 0, 1, true))
        .hasMessage("'search.space.lr' is log-scaled, so low must be > 0 (is 0.0)");
    assertThatThrownBy(() -> new Parameter.Int("hidden", 8, 100, false, 16))
        .hasMessage(
            "'search.space.hidden' has step 16 but high - low = 92 is not a multiple of it");
    assertThatThrownBy(() -> new Parameter.Categorical("model", List.of()))
        .hasMessage("'search.space.model.choices' must not be empty");
  }

  @Test
  void everyIntegerOwnsAnEqualBinOfTheUnitInterval() {
    Parameter.Int hidden = new Parameter.Int("hidden", 16, 64, false, 16);
    assertThat(hidden.size()).isEqualTo(4);
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      int v = (Integer) hidden.fromUnit((i + 0.5) / 4000);
      counts[(v - 16) / 16]++;
      assertThat(v % 16).isZero();
    }
    assertThat(counts).containsExactly(1000, 1000, 1000, 1000);
    for (int v = 16; v <= 64; v += 16) {
      assertThat(hidden.fromUnit(hidden.toUnit(v))).isEqualTo(v);
    }
    Parameter.Int logInt = new Parameter.Int("hidden", 8, 256, true);
    for (int v = 8; v <= 256; v++) {
      assertThat(logInt.fromUnit(logInt.toUnit(v))).isEqualTo(v);
    }
  }
}
