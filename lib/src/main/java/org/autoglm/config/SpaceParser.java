package org.autoglm.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.autoglm.search.space.Condition;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;

/**
 * Reads {@code search.space}: each entry is a tunable training parameter, either a fixed value or
 * {@code {type: float|int|categorical, low, high, log, step, choices, when}}, where {@code when:
 * {parent: [values]}} makes the parameter active only while a categorical parent has one of those
 * values.
 */
final class SpaceParser {
  private static final String PREFIX = ConfigSchema.SEARCH_SPACE + ".";
  private static final Set<String> FIELDS =
      Set.of("type", "low", "high", "log", "step", "choices", "when");

  private SpaceParser() {}

  static SearchSpace parse(Map<String, Setting> settings, List<String> problems) {
    Map<String, Map<String, Setting>> byParameter = grouped(settings, PREFIX);
    List<Parameter> parameters = new ArrayList<>();
    Map<String, Condition> conditions = new LinkedHashMap<>();
    Map<String, Origin> whenOrigins = new LinkedHashMap<>();
    byParameter.forEach(
        (name, fields) -> {
          try {
            Map<String, Setting> when = new LinkedHashMap<>();
            Map<String, Setting> rest = new LinkedHashMap<>();
            fields.forEach((f, setting) -> (f.startsWith("when.") ? when : rest).put(f, setting));
            if (!when.isEmpty()) {
              conditions.put(name, condition(name, when));
              whenOrigins.put(name, when.values().iterator().next().origin());
            }
            parameters.add(parameter(name, rest.isEmpty() ? fields : rest));
          } catch (ConfigException e) {
            problems.addAll(e.problems());
          } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + " (" + fields.values().iterator().next().origin() + ")");
          }
        });
    try {
      return new SearchSpace(parameters, conditions);
    } catch (IllegalArgumentException e) {
      String where =
          whenOrigins.entrySet().stream()
              .filter(o -> e.getMessage().contains("'" + PREFIX + o.getKey() + ".when'"))
              .map(o -> " (" + o.getValue() + ")")
              .findFirst()
              .orElse("");
      problems.add(e.getMessage() + where);
      return new SearchSpace(List.of());
    }
  }

  /**
   * The settings under {@code prefix} grouped by the next key segment, in file order: {@code prefix
   * + "name.field..."} goes to {@code name} under {@code "field..."}, and {@code prefix + "name"}
   * itself under {@code ""}.
   */
  static Map<String, Map<String, Setting>> grouped(Map<String, Setting> settings, String prefix) {
    Map<String, Map<String, Setting>> groups = new LinkedHashMap<>();
    for (Setting s : settings.values()) {
      if (!s.key().startsWith(prefix)) {
        continue;
      }
      String rest = s.key().substring(prefix.length());
      int dot = rest.indexOf('.');
      String name = dot < 0 ? rest : rest.substring(0, dot);
      String field = dot < 0 ? "" : rest.substring(dot + 1);
      groups.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(field, s);
    }
    return groups;
  }

  /** {@code when: {parent: value-or-values}}: exactly one parent. */
  private static Condition condition(String name, Map<String, Setting> when) {
    if (when.size() != 1) {
      Setting first = when.values().iterator().next();
      throw new ConfigException(
          "'"
              + PREFIX
              + name
              + ".when' names "
              + when.size()
              + " parents but a parameter depends on one ("
              + first.origin()
              + ")");
    }
    Map.Entry<String, Setting> only = when.entrySet().iterator().next();
    String parent = only.getKey().substring("when.".length());
    Object value = only.getValue().value();
    List<Object> values = new ArrayList<>();
    if (value instanceof List<?> items) {
      values.addAll(items);
    } else {
      values.add(value);
    }
    return new Condition(parent, values);
  }

  private static Parameter parameter(String name, Map<String, Setting> fields) {
    Setting first = fields.values().iterator().next();
    Key<?> valueKey = ConfigSchema.TUNABLE.get(name);
    if (valueKey == null) {
      String hint = Suggestions.closest(name, ConfigSchema.TUNABLE.keySet());
      throw new ConfigException(
          "'"
              + PREFIX
              + name
              + "' is not a tunable parameter ("
              + first.origin()
              + "); tunable: "
              + String.join(", ", ConfigSchema.TUNABLE.keySet())
              + (hint == null ? "" : "; did you mean '" + hint + "'?"));
    }
    Setting fixed = fields.get("");
    if (fixed != null) {
      Object value = valueKey.parse(new Setting(valueKey.name(), fixed.value(), fixed.origin()));
      return new Parameter.Fixed(name, value);
    }
    for (Setting field : fields.values()) {
      String fieldName = field.key().substring(PREFIX.length() + name.length() + 1);
      if (!FIELDS.contains(fieldName)) {
        String hint = Suggestions.closest(fieldName, FIELDS);
        throw new ConfigException(
            "unknown field '"
                + field.key()
                + "' ("
                + field.origin()
                + "); a parameter has type, low, high, log, choices"
                + (hint == null ? "" : "; did you mean '" + hint + "'?"));
      }
    }
    String prefix = PREFIX + name + ".";
    String type =
        Key.choice(prefix + "type", "float", "int", "categorical")
            .parse(require(fields, "type", prefix, first));
    boolean isInteger = valueKey.type() == Integer.class;
    boolean isChoice = !valueKey.choices().isEmpty() || valueKey.type() == Boolean.class;
    String expected = isChoice ? "categorical" : isInteger ? "int" : "float";
    if (!type.equals(expected)) {
      throw new ConfigException(
          "'"
              + prefix
              + "type' is set to '"
              + type
              + "' but '"
              + name
              + "' must be searched as "
              + expected
              + " ("
              + fields.get("type").origin()
              + ")");
    }
    if (type.equals("categorical")) {
      Setting choices = require(fields, "choices", prefix, first);
      if (!(choices.value() instanceof List<?> items) || items.isEmpty()) {
        throw new ConfigException(
            "'"
                + prefix
                + "choices' is set to "
                + choices.display()
                + " but must be a non-empty list ("
                + choices.origin()
                + ")");
      }
      List<Object> values = new ArrayList<>();
      Key<?> choiceKey = valueKey.renamed(prefix + "choices");
      for (Object item : items) {
        values.add(choiceKey.parse(new Setting(choiceKey.name(), item, choices.origin())));
      }
      return new Parameter.Categorical(name, values);
    }
    boolean log = fields.containsKey("log") && Key.bool(prefix + "log").parse(fields.get("log"));
    if (!isInteger && fields.containsKey("step")) {
      throw new ConfigException(
          "'"
              + prefix
              + "step' is set but '"
              + name
              + "' is a float; only int parameters take a step ("
              + fields.get("step").origin()
              + ")");
    }
    int step =
        fields.containsKey("step")
            ? Key.integer(prefix + "step").atLeast(1).parse(fields.get("step"))
            : 1;
    Number low = (Number) bound(valueKey, fields, "low", prefix, first);
    Number high = (Number) bound(valueKey, fields, "high", prefix, first);
    return isInteger
        ? new Parameter.Int(name, low.intValue(), high.intValue(), log, step)
        : new Parameter.Real(name, low.doubleValue(), high.doubleValue(), log);
  }

  private static Object bound(
      Key<?> valueKey, Map<String, Setting> fields, String field, String prefix, Setting near) {
    return valueKey.renamed(prefix + field).parse(require(fields, field, prefix, near));
  }

  private static Setting require(
      Map<String, Setting> fields, String field, String prefix, Setting near) {
    Setting setting = fields.get(field);
    if (setting == null) {
      throw new ConfigException("'" + prefix + field + "' must be set (" + near.origin() + ")");
    }
    return setting;
  }
}
