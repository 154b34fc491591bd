package org.autoglm.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/**
 * Reads {@code search.initial}: named configurations the study tries first, in the file's order,
 * e.g. {@code initial: {kipf: {model: gcn, lr: 0.01, hidden: 16}}}. Each value must be one the
 * search space can draw, and each parameter must be active given the entry's other values; active
 * parameters an entry leaves out are drawn from their priors. {@code initial: none} (or {@code {}})
 * tries none.
 */
final class InitialParser {
  static final String KEY = "search.initial";
  private static final String PREFIX = KEY + ".";

  private InitialParser() {}

  static boolean isInitialKey(String key) {
    return key.equals(KEY) || key.startsWith(PREFIX);
  }

  static List<Map<String, Object>> parse(
      Map<String, Setting> settings, SearchSpace space, List<String> problems) {
    Setting whole = settings.get(KEY);
    if (whole != null && whole.value() != null && !"none".equals(whole.value())) {
      problems.add(
          "'"
              + KEY
              + "' is "
              + whole.display()
              + " but must be a map of named configurations, e.g. {kipf: {model: gcn, lr: 0.01}},"
              + " or none ("
              + whole.origin()
              + ")");
      return List.of();
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    SpaceParser.grouped(settings, PREFIX)
        .forEach(
            (name, values) -> {
              Setting scalar = values.get("");
              if (scalar != null) {
                problems.add(
                    "'"
                        + scalar.key()
                        + "' must be a configuration, a map of parameters such as {model: gcn,"
                        + " lr: 0.01} ("
                        + scalar.origin()
                        + ")");
                return;
              }
              Map<String, Object> entry = entry(values, space, problems);
              if (entry != null) {
                entries.add(entry);
              }
            });
    return List.copyOf(entries);
  }

  /** One configuration's typed values, or null after adding its problems. */
  private static Map<String, Object> entry(
      Map<String, Setting> values, SearchSpace space, List<String> problems) {
    int before = problems.size();
    Map<String, Object> typed = new LinkedHashMap<>();
    List<String> tunable = space.parameters().stream().map(Parameter::name).toList();
    values.forEach(
        (name, setting) -> {
          Parameter parameter =
              space.parameters().stream()
                  .filter(p -> p.name().equals(name))
                  .findFirst()
                  .orElse(null);
          if (parameter == null || parameter instanceof Parameter.Fixed) {
            problems.add(
                "'"
                    + setting.key()
                    + "' is not a parameter the search space tunes ("
                    + setting.origin()
                    + "); it tunes: "
                    + String.join(", ", tunable)
                    + (parameter == null ? "" : "; '" + name + "' is fixed there"));
            return;
          }
          Key<?> key = ConfigSchema.TUNABLE.get(name).renamed(setting.key());
          try {
            Object value = key.parse(setting);
            if (!parameter.contains(value)) {
              problems.add(
                  "'"
                      + setting.key()
                      + "' is "
                      + setting.display()
                      + " but the search space draws "
                      + name
                      + " from "
                      + domain(parameter)
                      + " ("
                      + setting.origin()
                      + ")");
            } else {
              typed.put(name, value);
            }
          } catch (ConfigException e) {
            problems.addAll(e.problems());
          }
        });
    if (problems.size() > before) {
      return null;
    }
    for (Map.Entry<String, Object> given : typed.entrySet()) {
      if (!space.isActive(given.getKey(), typed)) {
        Setting setting = values.get(given.getKey());
        problems.add(
            "'"
                + setting.key()
                + "' is set but "
                + given.getKey()
                + " is not active in this configuration: its 'when' in search.space does not hold"
                + " for the values given here (give its parent's value, or drop it) ("
                + setting.origin()
                + ")");
        return null;
      }
    }
    return typed;
  }

  /** Where the space draws a tuned {@code parameter} from, for messages. */
  private static String domain(Parameter parameter) {
    if (parameter instanceof Parameter.Real r) {
      return "[" + r.low() + ", " + r.high() + "]";
    }
    if (parameter instanceof Parameter.Int i) {
      return "["
          + i.low()
          + ", "
          + i.high()
          + "]"
          + (i.step() > 1 ? " in steps of " + i.step() : "");
    }
    return String.valueOf(((Parameter.Categorical) parameter).choices());
  }
}
