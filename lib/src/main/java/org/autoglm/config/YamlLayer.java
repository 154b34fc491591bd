package org.autoglm.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML file flattened to dotted keys, each with its line. Scalars stay text: the schema, not
 * YAML's resolver, decides types (so {@code 1e-3} is a number where a number is expected).
 */
public final class YamlLayer {
  private YamlLayer() {}

  /** Parses {@code text} (named {@code source} in messages) into settings by dotted key. */
  public static Map<String, Setting> parse(String source, String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(
          "invalid YAML (" + new Origin(source, line) + "): " + e.getProblem());
    }
    Map<String, Setting> settings = new LinkedHashMap<>();
    if (root == null) {
      return settings;
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException(
          "the top level must be a mapping of keys (" + origin(source, root) + ")");
    }
    flatten(source, "", mapping, settings);
    return settings;
  }

  private static void flatten(
      String source, String prefix, MappingNode mapping, Map<String, Setting> out) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigException(
            "keys must be plain text (" + origin(source, tuple.getKeyNode()) + ")");
      }
      String key = prefix + keyNode.getValue();
      Node valueNode = tuple.getValueNode();
      if (out.containsKey(key) || hasChildren(out, key)) {
        throw new ConfigException(
            "key '" + key + "' is set twice in one file (" + origin(source, keyNode) + ")");
      }
      if (valueNode instanceof MappingNode child) {
        if (child.getValue().isEmpty()) {
          out.put(key, new Setting(key, null, origin(source, keyNode)));
        }
        flatten(source, key + ".", child, out);
      } else if (valueNode instanceof SequenceNode sequence) {
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          items.add(listItem(source, key, item));
        }
        out.put(key, new Setting(key, items, origin(source, keyNode)));
      } else {
        ScalarNode scalar = (ScalarNode) valueNode;
        boolean isNull = scalar.getTag().getValue().endsWith(":null");
        out.put(key, new Setting(key, isNull ? null : scalar.getValue(), origin(source, keyNode)));
      }
    }
  }

  /** A plain value, or a one-key mapping ({@code pca: 128}) kept as its text {@code "pca: 128"}. */
  private static String listItem(String source, String key, Node item) {
    if (item instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    if (item instanceof MappingNode pair
        && pair.getValue().size() == 1
        && pair.getValue().get(0).getKeyNode() instanceof ScalarNode name
        && pair.getValue().get(0).getValueNode() instanceof ScalarNode value) {
      return name.getValue() + ": " + value.getValue();
    }
    throw new ConfigException(
        "'"
            + key
            + "' must be a list of plain values or name: value pairs ("
            + origin(source, item)
            + ")");
  }

  private static boolean hasChildren(Map<String, Setting> settings, String key) {
    return settings.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
  }

  private static Origin origin(String source, Node node) {
    return new Origin(source, node.getStartMark().getLine() + 1);
  }
}
