package org.autoglm.graph.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV or TSV line into fields: RFC 4180 quoting ({@code "a,b"}, {@code ""} for a quote)
 * on a single delimiter. Pure: the reader calls it on executors, tests call it directly.
 */
public final class DelimitedLine {
  private DelimitedLine() {}

  /** The fields of {@code line}, or null when a quoted field is not closed. */
  public static String[] split(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == delimiter) {
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && field.toString().isBlank()) {
        field.setLength(0);
        quoted = true;
        wasQuoted = true;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(wasQuoted ? field.toString() : field.toString().trim());
    return fields.toArray(String[]::new);
  }

  /** Shows a delimiter in a message: "tab" rather than an invisible character. */
  public static String name(char delimiter) {
    return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
  }
}
