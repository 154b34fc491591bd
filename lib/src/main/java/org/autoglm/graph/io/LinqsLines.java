package org.autoglm.graph.io;

import java.util.Arrays;

/**
 * Parses single lines of the LINQS format: {@code .content} ({@code id, features..., label}),
 * {@code .cites} ({@code cited, citing}) and split files ({@code id, train|val|test}), all
 * tab-separated. Pure: the Spark reader and local tools share it.
 */
public final class LinqsLines {
  private LinqsLines() {}

  /** One parsed {@code .content} line: the node, its non-zero features and its label. */
  public record Content(
      String nodeKey, int[] featureColumns, float[] featureValues, String label) {}

  /** One parsed {@code .cites} line as a directed edge citing → cited. */
  public record Cite(String src, String dst) {}

  /** One parsed split line. */
  public record SplitAssignment(String nodeKey, String split) {}

  /** A parsed value or the reason the line was rejected. */
  public record Parsed<T>(T value, String rejection) {
    static <T> Parsed<T> ok(T value) {
      return new Parsed<>(value, null);
    }

    static <T> Parsed<T> rejected(String reason) {
      return new Parsed<>(null, reason);
    }

    public boolean isRejected() {
      return rejection != null;
    }
  }

  /** Number of tab-separated columns, as the reader uses to learn the file's width. */
  public static int columnCount(String line) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        count++;
      }
    }
    return count;
  }

  /** Parses a content line that must have {@code expectedColumns} columns (id, features, label). */
  public static Parsed<Content> content(String line, int expectedColumns) {
    String[] columns = line.split("\t", -1);
    if (columns.length != expectedColumns) {
      return Parsed.rejected(
          "expected "
              + expectedColumns
              + " tab-separated columns (id, "
              + (expectedColumns - 2)
              + " features, label) but found "
              + columns.length);
    }
    String key = columns[0].trim();
    String label = columns[columns.length - 1].trim();
    if (key.isEmpty()) {
      return Parsed.rejected("empty node id");
    }
    int features = expectedColumns - 2;
    int[] indices = new int[features];
    float[] values = new float[features];
    int nonZero = 0;
    for (int f = 0; f < features; f++) {
      String text = columns[f + 1].trim();
      float value;
      try {
        value = Float.parseFloat(text);
      } catch (NumberFormatException e) {
        return Parsed.rejected("feature " + f + " is '" + text + "', not a number");
      }
      if (!Float.isFinite(value)) {
        return Parsed.rejected("feature " + f + " is " + text + ", not a finite number");
      }
      if (value != 0f) {
        indices[nonZero] = f;
        values[nonZero] = value;
        nonZero++;
      }
    }
    return Parsed.ok(
        new Content(
            key,
            Arrays.copyOf(indices, nonZero),
            Arrays.copyOf(values, nonZero),
            label.isEmpty() ? null : label));
  }

  /** Parses a cites line {@code cited<TAB>citing} into the edge citing → cited. */
  public static Parsed<Cite> cite(String line) {
    String[] columns = line.split("\t", -1);
    if (columns.length != 2) {
      return Parsed.rejected(
          "expected 2 tab-separated columns (cited id, citing id) but found " + columns.length);
    }
    String cited = columns[0].trim();
    String citing = columns[1].trim();
    if (cited.isEmpty() || citing.isEmpty()) {
      return Parsed.rejected("empty node id");
    }
    return Parsed.ok(new Cite(citing, cited));
  }

  /** Parses a split line {@code id<TAB>train|val|test}. */
  public static Parsed<SplitAssignment> split(String line) {
    String[] columns = line.split("\t", -1);
    if (columns.length != 2) {
      return Parsed.rejected(
          "expected 2 tab-separated columns (id, train|val|test) but found " + columns.length);
    }
    String split = columns[1].trim();
    if (!split.equals("train") && !split.equals("val") && !split.equals("test")) {
      return Parsed.rejected("split is '" + split + "' but must be train, val or test");
    }
    return Parsed.ok(new SplitAssignment(columns[0].trim(), split));
  }
}
