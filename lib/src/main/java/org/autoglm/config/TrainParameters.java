package org.autoglm.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.autoglm.train.TrainParams;
import org.autoglm.train.TrainParams.Declaration;
import org.autoglm.train.TrainSettings;

/**
 * The training parameters an experiment sets under {@code train.*} and a search space may tune by
 * the same name, as typed config keys derived from {@link TrainSettings}' declarations.
 */
public final class TrainParameters {
  private TrainParameters() {}

  /** Tunable name → typed {@code train.*} key, in the order defaults.yaml lists them. */
  static final Map<String, Key<?>> KEYS = keys();

  private static Map<String, Key<?>> keys() {
    Map<String, Key<?>> keys = new LinkedHashMap<>();
    for (Declaration d : TrainParams.tunable()) {
      keys.put(d.key(), key(d));
    }
    return keys;
  }

  /** The config key of one declaration: its type as YAML reads it, its rule checked on parsing. */
  private static Key<?> key(Declaration d) {
    String name = "train." + d.key();
    if (d.type().isEnum()) {
      return Key.choice(name, d.choices().toArray(String[]::new));
    }
    if (d.type() == boolean.class) {
      return Key.bool(name);
    }
    if (d.type() == int.class) {
      return Key.integer(name).must(v -> accepts(d, v), d.rule());
    }
    if (d.type() == double.class) {
      return Key.number(name).must(v -> accepts(d, v), d.rule());
    }
    return Key.text(name).must(v -> accepts(d, v), d.rule());
  }

  private static boolean accepts(Declaration d, Object value) {
    try {
      d.convert(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Settings from {@link TrainParams#describe}'s text over the builder's defaults; each value is
   * checked by its key, and a bad one is reported with {@code source} (the file it came from).
   */
  public static TrainSettings.Builder parse(Map<String, String> text, String source) {
    TrainSettings.Builder settings = TrainSettings.builder();
    text.forEach(
        (name, value) -> {
          Key<?> key = KEYS.get(name);
          if (key == null) {
            throw new ConfigException(
                "'"
                    + name
                    + "' is not a training parameter ("
                    + source
                    + "); known: "
                    + KEYS.keySet());
          }
          settings.set(name, key.parse(new Setting(key.name(), value, new Origin(source, 0))));
        });
    return settings;
  }
}
