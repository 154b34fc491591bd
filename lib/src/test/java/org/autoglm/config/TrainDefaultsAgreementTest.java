package org.autoglm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.autoglm.config.ConfigLoader.Layer;
import org.autoglm.train.TrainSettings;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/defaults.yaml} documents every training default and {@link TrainSettings.Builder}
 * holds them for library users; the config keys and the settings record each check the values.
 * These must agree, so a library user and a YAML user train the same model.
 */
class TrainDefaultsAgreementTest {
  private static final double[] PROBES = {-1, -0.5, 0, 1e-9, 0.25, 0.5, 0.999, 1, 1.5, 2, 64};

  @Test
  void defaultsYamlAndTheBuilderGiveTheSameSettings() throws Exception {
    String defaults = Files.readString(Path.of("../conf/defaults.yaml"));
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
            accepts(
                () ->
                    TrainParameters.apply(TrainSettings.builder(), parameter.getKey(), value)
                        .build());
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
