package org.autoglm.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;

/** Experiments for tests: the bundled test environment plus YAML and overrides. */
public final class TestConfigs {
  private TestConfigs() {}

  public static ExperimentConfig load(Path output, String yaml, String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("output.path=" + output.toAbsolutePath());
    return ConfigLoader.load("test", new ConfigLoader.Layer("test.yaml", yaml), all);
  }
}
