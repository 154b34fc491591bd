package org.autoglm.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A query result as a bordered text table, cells untruncated and left-aligned (the layout of {@code
 * Dataset.show(n, false)}, from public API). Spark renders every cell as SQL's {@code CAST(.. AS
 * STRING)}, so arrays, maps and structs print the same on every Spark and Scala version.
 */
final class TextTable {
  private TextTable() {}

  /** At most {@code maxRows} rows come to the driver. */
  static String of(Dataset<Row> result, int maxRows) {
    String[] names = result.columns();
    Column[] asText =
        Arrays.stream(names)
            .map(name -> functions.col("`" + name.replace("`", "``") + "`").cast("string"))
            .toArray(Column[]::new);
    List<Row> rows = result.select(asText).limit(maxRows + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(maxRows, rows.size()))) {
      String[] line = new String[names.length];
      for (int c = 0; c < names.length; c++) {
        line[c] = row.isNullAt(c) ? "null" : row.getString(c);
      }
      cells.add(line);
    }
    return format(names, cells, rows.size() > maxRows ? maxRows : -1);
  }

  /** {@code shownOf} is the row count to mention when rows were left out, else negative. */
  static String format(String[] header, List<String[]> cells, int shownOf) {
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = Math.max(3, header[c].length());
      for (String[] line : cells) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    StringBuilder border = new StringBuilder("+");
    for (int width : widths) {
      border.append("-".repeat(width)).append('+');
    }
    border.append('\n');
    StringBuilder text = new StringBuilder(border);
    appendLine(text, header, widths);
    text.append(border);
    for (String[] line : cells) {
      appendLine(text, line, widths);
    }
    text.append(border);
    if (shownOf >= 0) {
      text.append("only showing top ").append(shownOf).append(" rows\n");
    }
    return text.append('\n').toString();
  }

  private static void appendLine(StringBuilder text, String[] line, int[] widths) {
    text.append('|');
    for (int c = 0; c < line.length; c++) {
      text.append(line[c]).append(" ".repeat(widths[c] - line[c].length())).append('|');
    }
    text.append('\n');
  }
}
