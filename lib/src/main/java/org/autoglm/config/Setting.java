package org.autoglm.config;

import java.util.List;

/**
 * One raw configuration value before typing: a scalar's text, a list of scalar texts, or null.
 *
 * @param key dotted key, e.g. {@code search.trials}
 * @param value {@code String}, {@code List<String>} or {@code null}
 * @param origin where it was set
 */
public record Setting(String key, Object value, Origin origin) {
  public Setting {
    if (value != null && !(value instanceof String) && !(value instanceof List<?>)) {
      throw new IllegalArgumentException("setting values are text or lists of text");
    }
  }

  /** The value as written, for messages. */
  public String display() {
    if (value instanceof List<?> list) {
      return list.toString();
    }
    if (value == null) {
      return "null";
    }
    String text = (String) value;
    return text.isBlank() || text.contains(" ") ? "'" + text + "'" : text;
  }
}
