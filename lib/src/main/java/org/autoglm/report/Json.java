package org.autoglm.report;

import java.util.Collection;
import java.util.Map;

/**
 * Writes plain values (maps, collections, numbers, strings, booleans, null) as JSON for a page's
 * script. Safe inside an HTML {@code <script>} element: {@code <}, {@code >} and {@code &} are
 * written as unicode escapes, so no string from data can end the element.
 */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(out, text);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Number number) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else if (number instanceof Integer || number instanceof Long) {
        out.append(number.longValue());
      } else {
        out.append(d);
      }
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        append(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        append(out, item);
      }
      out.append(']');
    } else if (value instanceof double[] numbers) {
      out.append('[');
      for (int i = 0; i < numbers.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, numbers[i]);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "cannot write a " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
