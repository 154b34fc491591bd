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
    Map<String, Map<String, Setting>> byEntry = new LinkedHashMap<>();
    for (Setting s : settings.values()) {
      if (!s.key().startsWith(PREFIX)) {
        continue;
      }
      String rest = s.key().substring(PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot < 0) {
        problems.add(
            "'"
                + s.key()
                + "' must be a configuration, a map of parameters such as {model: gcn, lr: 0.01} ("
                + s.origin()
                + ")");
        continue;
      }
      byEntry
          .computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), s);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    byEntry.forEach(
        (name, values) -> {
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
            String outside = outside(parameter, value);
            if (outside != null) {
              problems.add(
                  "'"
                      + setting.key()
                      + "' is "
                      + setting.display()
                      + " but the search space draws "
                      + name
                      + " from "
                      + outside
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

  /** Where the space draws {@code parameter} from, when {@code value} is not there; else null. */
  private static String outside(Parameter parameter, Object value) {
    if (parameter instanceof Parameter.Real r) {
      double v = ((Number) value).doubleValue();
      return v >= r.low() && v <= r.high() ? null : "[" + r.low() + ", " + r.high() + "]";
    }
    if (parameter instanceof Parameter.Int i) {
      int v = ((Number) value).intValue();
      boolean on = v >= i.low() && v <= i.high() && (v - i.low()) % i.step() == 0;
      return on
          ? null
          : "["
              + i.low()
              + ", "
              + i.high()
              + "]"
              + (i.step() > 1 ? " in steps of " + i.step() : "");
    }
    Parameter.Categorical c = (Parameter.Categorical) parameter;
    return c.choices().contains(value) ? null : String.valueOf(c.choices());
  }
}
