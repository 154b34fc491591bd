package org.autoglm.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;

/** Experiments for tests: the bundled test environment plus YAML and overrides. */
public final class TestConfigs {
  private TestConfigs() {}

  /**
   * The tests' small study graph as a {@code data} key: a 300-node synthetic citation graph (3
   * classes, 60 features, homophily 0.9) that a study trains on in seconds, in {@code partitions}
   * partitions.
   */
  public static String tinyGraph(int partitions) {
    return "data: {source: synthetic, synthetic: {nodes: 300, classes: 3, features: 60,"
        + " words_per_node: 8, avg_degree: 6, homophily: 0.9, feature_signal: 0.5, partitions: "
        + partitions
        + "}}\n";
  }

  public static ExperimentConfig load(Path output, String yaml, String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("output.path=" + output.toAbsolutePath());
    return ConfigLoader.load("test", new ConfigLoader.Layer("test.yaml", yaml), all);
  }
}
