package org.autoglm.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code spark.sql(...)} queries of a Jupyter notebook, in order. The notebooks' rule: a query
 * is a string literal and takes its values as named markers ({@code :study}) through {@code args=};
 * a query built from Python values (an f-string, a variable) is refused here, because it could not
 * be checked.
 */
final class NotebookQueries {
  private static final Pattern CALL = Pattern.compile("spark\\.sql\\(\\s*");
  private static final Pattern LITERAL =
      Pattern.compile("\\G(\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\")", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([a-zA-Z_]\\w*)");

  private NotebookQueries() {}

  /** A query, where it is ({@code notebook.ipynb cell 3}) and its named markers. */
  record Query(String where, String text, Set<String> parameters) {}

  static List<Query> read(Path notebook) throws IOException {
    JsonNode cells = new ObjectMapper().readTree(notebook.toFile()).get("cells");
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      if (!"code".equals(cell.get("cell_type").asText())) {
        continue;
      }
      StringBuilder source = new StringBuilder();
      cell.get("source").forEach(line -> source.append(line.asText()));
      String where = notebook.getFileName() + " cell " + (i + 1);
      Matcher call = CALL.matcher(source);
      while (call.find()) {
        Matcher literal = LITERAL.matcher(source);
        if (!literal.find(call.end())) {
          throw new IllegalStateException(
              where
                  + ": spark.sql takes a string literal here (values as :markers with args=),"
                  + " not: "
                  + source.substring(call.end(), Math.min(source.length(), call.end() + 40)));
        }
        String text = literal.group(2) != null ? literal.group(2) : literal.group(3);
        Set<String> parameters = new LinkedHashSet<>();
        Matcher marker = MARKER.matcher(text);
        while (marker.find()) {
          parameters.add(marker.group(1));
        }
        queries.add(new Query(where, text, parameters));
      }
    }
    return queries;
  }
}
