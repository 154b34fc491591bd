package org.autoglm.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A typed configuration key with its rule; parsing a {@link Setting} either yields a value or
 * throws a message naming key, value, rule and origin.
 */
public final class Key<T> {
  private final String name;
  private final Class<T> type;
  private final String typeRule;
  private final java.util.function.Function<String, T> parser;
  private final Predicate<T> rule;
  private final String ruleText;
  private final boolean nullable;
  private final List<String> choices;

  private Key(
      String name,
      Class<T> type,
      String typeRule,
      java.util.function.Function<String, T> parser,
      Predicate<T> rule,
      String ruleText,
      boolean nullable,
      List<String> choices) {
    this.name = name;
    this.type = type;
    this.typeRule = typeRule;
    this.parser = parser;
    this.rule = rule;
    this.ruleText = ruleText;
    this.nullable = nullable;
    this.choices = choices;
  }

  public static Key<Integer> integer(String name) {
    return new Key<>(
        name, Integer.class, "an integer", Integer::valueOf, v -> true, null, false, List.of());
  }

  public static Key<Long> longInteger(String name) {
    return new Key<>(
        name, Long.class, "an integer", Long::valueOf, v -> true, null, false, List.of());
  }

  public static Key<Double> number(String name) {
    return new Key<>(
        name, Double.class, "a number", Key::parseFinite, v -> true, null, false, List.of());
  }

  public static Key<Boolean> bool(String name) {
    return new Key<>(
        name, Boolean.class, "true or false", Key::parseBool, v -> true, null, false, List.of());
  }

  public static Key<String> text(String name) {
    return new Key<>(
        name,
        String.class,
        "text",
        s -> s,
        s -> !s.isBlank(),
        "must not be empty",
        false,
        List.of());
  }

  public static Key<String> choice(String name, String... choices) {
    List<String> allowed = List.of(choices);
    return new Key<>(
        name,
        String.class,
        "text",
        s -> s.toLowerCase(Locale.ROOT),
        allowed::contains,
        "must be one of " + String.join(", ", allowed),
        false,
        allowed);
  }

  /** The same key, also accepting {@code null} (YAML {@code ~} or {@code null}). */
  public Key<T> optional() {
    return new Key<>(name, type, typeRule, parser, rule, ruleText, true, choices);
  }

  /** The same key with an added rule, described as {@code ruleText} ("must be >= 1"). */
  public Key<T> must(Predicate<T> check, String text) {
    return new Key<>(name, type, typeRule, parser, rule.and(check), text, nullable, choices);
  }

  public Key<T> atLeast(double min) {
    return must(v -> ((Number) v).doubleValue() >= min, "must be >= " + format(min));
  }

  public Key<T> greaterThan(double min) {
    return must(v -> ((Number) v).doubleValue() > min, "must be > " + format(min));
  }

  public Key<T> between(double min, double max) {
    return must(
        v -> ((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max,
        "must be in [" + format(min) + ", " + format(max) + "]");
  }

  /** The same type and rules under another name, e.g. a search-space bound of a training key. */
  public Key<T> renamed(String newName) {
    return new Key<>(newName, type, typeRule, parser, rule, ruleText, nullable, choices);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** Choices of a choice key; empty for other keys. */
  public List<String> choices() {
    return choices;
  }

  /** Types and checks the setting; the message names key, value, rule and origin. */
  public T parse(Setting setting) {
    Object raw = setting.value();
    if (raw == null) {
      if (nullable) {
        return null;
      }
      throw problem(setting, "must be set");
    }
    if (!(raw instanceof String textValue)) {
      throw problem(setting, "must be " + typeRule + ", not a list");
    }
    T value;
    try {
      value = parser.apply(textValue.trim());
    } catch (IllegalArgumentException e) {
      throw problem(setting, "must be " + typeRule);
    }
    if (!rule.test(value)) {
      String message = problem(setting, ruleText).getMessage();
      String suggestion = Suggestions.closest(textValue, choices);
      throw new ConfigException(
          suggestion == null ? message : message + "; did you mean '" + suggestion + "'?");
    }
    return type.cast(value);
  }

  private ConfigException problem(Setting setting, String rule) {
    return new ConfigException(
        "'"
            + name
            + "' is set to "
            + setting.display()
            + " but "
            + rule
            + " ("
            + setting.origin()
            + ")");
  }

  private static Double parseFinite(String text) {
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not finite");
    }
    return value;
  }

  private static Boolean parseBool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(text);
    };
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
