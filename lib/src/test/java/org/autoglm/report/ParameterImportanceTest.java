package org.autoglm.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterImportanceTest {
  private static final String[] MODELS = {"gcn", "gat", "sage"};
  private static final String[] ACTIVATIONS = {"relu", "elu", "gelu"};

  /**
   * Six parameters as a search would draw them (log-scaled, integer, categorical), of which only a
   * log-scaled rate and a categorical model move the objective; the noise is small beside them.
   */
  private static List<Map<String, String>> trials(int n, long seed, double[] objective) {
    Random random = new Random(seed);
    List<Map<String, String>> params = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double lr = Math.pow(10, -4 + 3 * random.nextDouble());
      String model = MODELS[random.nextInt(3)];
      Map<String, String> p = new HashMap<>();
      p.put("lr", String.valueOf(lr));
      p.put("model", model);
      p.put("hidden", String.valueOf(8 + random.nextInt(120)));
      p.put("dropout", String.valueOf(0.8 * random.nextDouble()));
      p.put("weight_decay", String.valueOf(Math.pow(10, -6 + 4 * random.nextDouble())));
      p.put("activation", ACTIVATIONS[random.nextInt(3)]);
      params.add(p);
      double distance = Math.log10(lr) + 2; // best at 1e-2
      double modelEffect = model.equals("gat") ? 0.1 : model.equals("gcn") ? 0.05 : 0;
      objective[i] = 0.8 - 0.1 * distance * distance + modelEffect + 0.01 * random.nextGaussian();
    }
    return params;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theTwoParametersThatMatterRankFirstAndSecond(long seed) {
    double[] objective = new double[200];
    List<Map<String, String>> params = trials(200, seed, objective);

    List<ParameterImportance.Share> shares = ParameterImportance.of(params, objective, 0);

    assertThat(shares).hasSize(6);
    assertThat(shares.subList(0, 2))
        .extracting(ParameterImportance.Share::parameter)
        .containsExactlyInAnyOrder("lr", "model");
    assertThat(shares.get(0).importance() + shares.get(1).importance()).isGreaterThan(0.8);
    assertThat(shares.stream().mapToDouble(ParameterImportance.Share::importance).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void sameTrialsAndSeedGiveTheSameImportances() {
    double[] objective = new double[60];
    List<Map<String, String>> params = trials(60, 9, objective);
    assertThat(ParameterImportance.of(params, objective, 4))
        .isEqualTo(ParameterImportance.of(params, objective, 4));
  }

  @Test
  void aConditionalParameterCountsAndConstantsAreLeftOut() {
    Random random = new Random(5);
    List<Map<String, String>> params = new ArrayList<>();
    double[] objective = new double[80];
    for (int i = 0; i < objective.length; i++) {
      boolean gat = random.nextBoolean();
      int heads = 1 + random.nextInt(8);
      Map<String, String> p = new HashMap<>();
      p.put("model", gat ? "gat" : "gcn");
      p.put("epochs", "200");
      p.put("noise", String.valueOf(random.nextDouble()));
      if (gat) {
        p.put("heads", String.valueOf(heads)); // only GAT has heads
      }
      params.add(p);
      objective[i] = gat ? 0.5 + 0.05 * heads : 0.6;
    }
    List<ParameterImportance.Share> shares = ParameterImportance.of(params, objective, 0);
    assertThat(shares).extracting(ParameterImportance.Share::parameter).doesNotContain("epochs");
    assertThat(shares.get(shares.size() - 1).parameter()).isEqualTo("noise");
  }

  @Test
  void tooFewTrialsGiveNoImportances() {
    assertThat(
            ParameterImportance.of(
                List.of(Map.of("lr", "0.1"), Map.of("lr", "0.2")), new double[] {0.1, 0.2}, 0))
        .isEmpty();
  }
}
