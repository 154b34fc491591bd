package org.autoglm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.autoglm.config.ConfigLoader.Layer;
import org.autoglm.train.TrainParams;
import org.autoglm.train.TrainSettings;
import org.junit.jupiter.api.Test;

/**
 * Each training setting is declared once, on its {@link TrainSettings} component; {@code
 * conf/defaults.yaml}'s train keys, the config keys and the builder are derived from it and must
 * agree, so a library user and a YAML user train the same model.
 */
class TrainDefaultsAgreementTest {
  private static final Path DEFAULTS = Path.of("../conf/defaults.yaml");

  /**
   * The train keys of defaults.yaml are {@link TrainParams#defaultsYaml()}, from the first tunable
   * key to the line before {@code metric}; {@code -Dautoglm.defaults.write=true} rewrites them.
   */
  @Test
  void defaultsYamlListsEveryDeclaredSettingWithItsDefaultAndDoc() throws Exception {
    List<String> lines = Files.readAllLines(DEFAULTS);
    int first = lines.indexOf(TrainParams.defaultsYaml().get(0).split("#")[0].stripTrailing());
    for (int i = 0; first < 0 && i < lines.size(); i++) {
      if (lines.get(i).startsWith("  model: ")) {
        first = i;
      }
    }
    int end = first;
    while (end < lines.size() && !lines.get(end).startsWith("  metric: ")) {
      end++;
    }
    assertThat(first).as("'  model:' in %s", DEFAULTS).isPositive();
    List<String> written = lines.subList(first, end);
    if (!written.equals(TrainParams.defaultsYaml())
        && Boolean.getBoolean("autoglm.defaults.write")) {
      List<String> updated = new ArrayList<>(lines.subList(0, first));
      updated.addAll(TrainParams.defaultsYaml());
      updated.addAll(lines.subList(end, lines.size()));
      Files.write(DEFAULTS, updated);
      return;
    }
    assertThat(written)
        .as(
            "conf/defaults.yaml's train keys are derived from TrainSettings' @TrainParam"
                + " declarations; rewrite them with mvn -pl lib test"
                + " -Dtest=TrainDefaultsAgreementTest -Dautoglm.defaults.write=true")
        .isEqualTo(TrainParams.defaultsYaml());
  }

  private static final double[] PROBES = {-1, -0.5, 0, 1e-9, 0.25, 0.5, 0.999, 1, 1.5, 2, 64};

  @Test
  void defaultsYamlAndTheBuilderGiveTheSameSettings() throws Exception {
    String defaults = Files.readString(DEFAULTS);
    ExperimentConfig config =
        ConfigLoader.load(
            List.of(new Layer("conf/defaults.yaml", defaults)), List.of("data.source=synthetic"));

    assertThat(config.train().defaults()).isEqualTo(TrainSettings.builder().build());
  }

  @Test
  void theConfigKeysAndTheSettingsRecordAcceptTheSameValues() {
    List<String> disagreements = new ArrayList<>();
    int probed = 0;
    for (Map.Entry<String, Key<?>> parameter : TrainParameters.KEYS.entrySet()) {
      Key<?> key = parameter.getValue();
      if (key.type() != Integer.class && key.type() != Double.class) {
        continue;
      }
      for (double probe : PROBES) {
        boolean integral = key.type() == Integer.class;
        if (integral && probe != Math.rint(probe)) {
          continue;
        }
        Object value = integral ? (Object) (int) probe : (Object) probe;
        boolean keyAccepts = accepts(() -> key.parse(setting(key, value)));
        boolean settingsAccept =
            accepts(() -> TrainSettings.builder().set(parameter.getKey(), value).build());
        probed++;
        if (keyAccepts != settingsAccept) {
          disagreements.add(
              key.name()
                  + " = "
                  + value
                  + ": config key "
                  + (keyAccepts ? "accepts" : "refuses")
                  + ", TrainSettings "
                  + (settingsAccept ? "accepts" : "refuses"));
        }
      }
    }
    assertThat(probed).isGreaterThan(100);
    assertThat(disagreements).isEmpty();
  }

  private static Setting setting(Key<?> key, Object value) {
    return new Setting(key.name(), String.valueOf(value), new Origin("probe", 1));
  }

  private static boolean accepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (ConfigException | IllegalArgumentException e) {
      return false;
    }
  }
}
