package org.autoglm.train;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The training settings' declarations, read once from {@link TrainSettings}' components and their
 * {@link TrainParam} annotations: every key, default, rule and doc comes from there.
 */
public final class TrainParams {
  private TrainParams() {}

  /** A component named by its accessor, {@code TrainSettings::hidden}: typed and refactor-safe. */
  @FunctionalInterface
  public interface Component<T> extends Function<TrainSettings, T>, Serializable {}

  /** The record's components, in order: read once (each call of the reflection API copies them). */
  private static final RecordComponent[] COMPONENTS = TrainSettings.class.getRecordComponents();

  private static final List<Declaration> ALL = declare();
  private static final Map<Class<?>, Declaration> BY_REFERENCE = new ConcurrentHashMap<>();

  /**
   * One setting.
   *
   * @param key the name under {@code train.*} and in a search space
   * @param index the component's position in the record
   * @param type the component's type
   * @param byDefault the default value, of {@code type}
   * @param defaultText the default as declared, for defaults.yaml
   * @param range numbers: the valid interval; null for other types
   * @param doc what defaults.yaml says of it
   * @param tunable whether the experiment's {@code train} keys and search spaces may set it
   */
  public record Declaration(
      String key,
      int index,
      Class<?> type,
      Object byDefault,
      String defaultText,
      Range range,
      String doc,
      boolean tunable) {

    /** Enumerations: the choices as YAML writes them, in declaration order. */
    public List<String> choices() {
      return type.isEnum()
          ? Arrays.stream(type.getEnumConstants()).map(c -> text(c)).toList()
          : List.of();
    }

    public boolean isFanouts() {
      return type == List.class;
    }

    /** What a value must be, as an error message ends: {@code must be in [0, 1)}. */
    public String rule() {
      if (range != null) {
        return range.rule();
      }
      if (type.isEnum()) {
        return "must be one of " + String.join(", ", choices());
      }
      if (isFanouts()) {
        return "must list one fan-out per hop, each >= 1 or -1 (all), e.g. '15,10'";
      }
      if (type == String.class) {
        return "must not be empty";
      }
      return "must be true or false";
    }

    /**
     * {@code raw} (a number, a boolean, an enum constant, a list of fan-outs, or their YAML text)
     * as the component's type, checked against the rule.
     *
     * @throws IllegalArgumentException naming key, value and rule
     */
    public Object convert(Object raw) {
      Object value;
      try {
        value = typed(raw);
      } catch (RuntimeException e) {
        value = null;
      }
      if (value == null || !accepts(value)) {
        throw new IllegalArgumentException(
            "training parameter '" + key + "' is " + raw + " but " + rule());
      }
      return value;
    }

    /** The value as YAML text: names in lower case, fan-outs {@code 15,10}. */
    public String text(Object value) {
      if (value instanceof Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
      }
      if (value instanceof List<?> list) {
        return String.join(",", list.stream().map(String::valueOf).toList());
      }
      return String.valueOf(value);
    }

    private Object typed(Object raw) {
      if (raw == null) {
        return null;
      }
      if (type == int.class) {
        double number = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text(raw));
        return number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE
            ? (Object) (int) number
            : null;
      }
      if (type == long.class) {
        return raw instanceof Number n ? n.longValue() : Long.parseLong(text(raw).trim());
      }
      if (type == double.class) {
        double number = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text(raw));
        return Double.isFinite(number) ? number : null;
      }
      if (type == boolean.class) {
        if (raw instanceof Boolean b) {
          return b;
        }
        String word = text(raw).trim().toLowerCase(Locale.ROOT);
        return word.equals("true") ? Boolean.TRUE : word.equals("false") ? Boolean.FALSE : null;
      }
      if (type.isEnum()) {
        for (Object constant : type.getEnumConstants()) {
          if (constant == raw || text(constant).equals(text(raw).trim().toLowerCase(Locale.ROOT))) {
            return constant;
          }
        }
        return null;
      }
      if (isFanouts()) {
        List<?> hops = raw instanceof List<?> list ? list : Arrays.asList(text(raw).split(",", -1));
        return hops.stream()
            .map(h -> h instanceof Number n ? n.intValue() : Integer.valueOf(h.toString().trim()))
            .toList();
      }
      return raw.toString();
    }

    private boolean accepts(Object value) {
      if (range != null) {
        return range.contains(((Number) value).doubleValue());
      }
      if (isFanouts()) {
        List<?> hops = (List<?>) value;
        return !hops.isEmpty()
            && hops.stream().allMatch(h -> (Integer) h >= 1 || (Integer) h == -1);
      }
      return !(value instanceof String s) || !s.isBlank();
    }
  }

  /**
   * An interval of valid numbers, written as {@code [0, 1)}: a bracket includes its end, a
   * parenthesis excludes it, an empty end is unbounded.
   */
  public record Range(double low, boolean lowIncluded, double high, boolean highIncluded) {
    static Range parse(String text, String key) {
      String t = text.trim();
      String[] ends = t.length() < 3 ? new String[0] : t.substring(1, t.length() - 1).split(",");
      if (ends.length != 2
          || "[(".indexOf(t.charAt(0)) < 0
          || "])".indexOf(t.charAt(t.length() - 1)) < 0) {
        throw new IllegalStateException(
            "TrainSettings." + key + ": range '" + text + "' is not an interval like [0, 1)");
      }
      String low = ends[0].trim();
      String high = ends[1].trim();
      return new Range(
          low.isEmpty() ? Double.NEGATIVE_INFINITY : Double.parseDouble(low),
          t.charAt(0) == '[',
          high.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(high),
          t.charAt(t.length() - 1) == ']');
    }

    public boolean contains(double v) {
      return (lowIncluded ? v >= low : v > low) && (highIncluded ? v <= high : v < high);
    }

    /** {@code must be in [0, 1)}, or {@code must be >= 1} when there is no upper end. */
    public String rule() {
      if (high == Double.POSITIVE_INFINITY) {
        return "must be " + (lowIncluded ? ">= " : "> ") + format(low);
      }
      return "must be in "
          + (lowIncluded ? "[" : "(")
          + format(low)
          + ", "
          + format(high)
          + (highIncluded ? "]" : ")");
    }

    private static String format(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /** Every setting, in the record's order (defaults.yaml's). */
  public static List<Declaration> all() {
    return ALL;
  }

  /** The settings an experiment's {@code train} keys and search spaces may set. */
  public static List<Declaration> tunable() {
    return ALL.stream().filter(Declaration::tunable).toList();
  }

  public static Optional<Declaration> byKey(String key) {
    return ALL.stream().filter(d -> d.key().equals(key)).findFirst();
  }

  /** The declaration behind {@code TrainSettings::hidden}. */
  static Declaration of(Component<?> component) {
    return BY_REFERENCE.computeIfAbsent(
        component.getClass(),
        c -> {
          String name = accessorName(component);
          for (int i = 0; i < COMPONENTS.length; i++) {
            if (COMPONENTS[i].getName().equals(name)) {
              return ALL.get(i);
            }
          }
          throw new IllegalArgumentException(
              name + " is not a TrainSettings component; pass an accessor, TrainSettings::hidden");
        });
  }

  /** Every tunable setting of {@code settings} as YAML text: a saved model's description. */
  public static Map<String, String> describe(TrainSettings settings) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Declaration d : tunable()) {
      text.put(d.key(), d.text(valueOf(settings, d)));
    }
    return text;
  }

  static Object valueOf(TrainSettings settings, Declaration d) {
    try {
      return COMPONENTS[d.index()].getAccessor().invoke(settings);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read TrainSettings." + d.key(), e);
    }
  }

  /**
   * The train section of {@code conf/defaults.yaml} for the tunable settings: {@code key: default}
   * with its doc as a comment from column 27, wrapped at 100 columns.
   */
  public static List<String> defaultsYaml() {
    List<String> lines = new ArrayList<>();
    int column = 26;
    int width = 100;
    for (Declaration d : tunable()) {
      String entry = "  " + d.key() + ": " + yaml(d);
      if (d.doc().isEmpty()) {
        lines.add(entry);
        continue;
      }
      StringBuilder line = new StringBuilder(pad(entry, column)).append("# ");
      int start = line.length();
      for (String word : d.doc().split(" ")) {
        if (line.length() > start && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line = new StringBuilder(pad("", column)).append("# ");
        } else if (line.length() > start) {
          line.append(' ');
        }
        line.append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String yaml(Declaration d) {
    return d.defaultText();
  }

  private static String pad(String text, int column) {
    return text.length() >= column - 1 ? text + " " : text + " ".repeat(column - text.length());
  }

  private static List<Declaration> declare() {
    List<Declaration> declarations = new ArrayList<>();
    for (int i = 0; i < COMPONENTS.length; i++) {
      RecordComponent c = COMPONENTS[i];
      TrainParam param = c.getAnnotation(TrainParam.class);
      if (param == null) {
        throw new IllegalStateException(
            "TrainSettings." + c.getName() + " has no @TrainParam declaring its default");
      }
      if (c.getType() == List.class
          && !(c.getGenericType() instanceof ParameterizedType p
              && p.getActualTypeArguments()[0] == Integer.class)) {
        throw new IllegalStateException("TrainSettings." + c.getName() + ": lists are fan-outs");
      }
      String key = param.key().isEmpty() ? snakeCase(c.getName()) : param.key();
      boolean numeric =
          c.getType() == int.class || c.getType() == double.class || c.getType() == long.class;
      Range range =
          numeric
              ? param.range().isEmpty()
                  ? new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false)
                  : Range.parse(param.range(), key)
              : null;
      Declaration unchecked =
          new Declaration(
              key, i, c.getType(), null, param.value(), range, param.doc(), param.tunable());
      declarations.add(
          new Declaration(
              key,
              i,
              c.getType(),
              unchecked.convert(param.value()),
              param.value(),
              range,
              param.doc(),
              param.tunable()));
    }
    return List.copyOf(declarations);
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String accessorName(Serializable reference) {
    try {
      Method writeReplace = reference.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return ((SerializedLambda) writeReplace.invoke(reference)).getImplMethodName();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "pass a TrainSettings accessor as a method reference, TrainSettings::hidden", e);
    }
  }
}
