package org.autoglm.graph.io;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.InputException;
import org.autoglm.graph.Quarantine;

/**
 * Reads the columns a mapping asks for out of CSV, TSV, JSON Lines or Parquet files, as one string
 * per wanted column with the row's file and line (Parquet: row number). Rows that cannot be read
 * keep their location and get a rule and reason instead of fields. Headers are read and checked on
 * the driver before any job, so a wrong column name fails at once and names the file.
 */
public final class TableRows {
  /** {@code source, line, fields} or, for unreadable rows, {@code rule, reason, record}. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("source", DataTypes.StringType, false),
              DataTypes.createStructField("line", DataTypes.LongType, true),
              DataTypes.createStructField(
                  "fields", DataTypes.createArrayType(DataTypes.StringType, true), true),
              DataTypes.createStructField("rule", DataTypes.StringType, true),
              DataTypes.createStructField("reason", DataTypes.StringType, true),
              DataTypes.createStructField("record", DataTypes.StringType, true)));

  private TableRows() {}

  /**
   * Where and how a table is stored, and which of its columns to read.
   *
   * @param key the setting that names the path, for messages ({@code data.path})
   * @param columns by role, the column name (or 0-based position without a header); a null column
   *     is not read and yields null fields
   */
  public record Spec(
      String key,
      String path,
      String format,
      boolean header,
      Map<String, String> columnKeys,
      List<String> columns) {}

  /** The rows, and how many the files held (headers excluded), counted independently. */
  public record Read(Dataset<Row> rows, LongSupplier inputRows) {}

  public static Read read(SparkSession spark, Spec spec, List<String> files) {
    if (files.isEmpty()) {
      return new Read(spark.createDataFrame(List.of(), SCHEMA), () -> 0);
    }
    return switch (spec.format()) {
      case "parquet" -> parquet(spark, spec, files);
      case "jsonl" -> jsonLines(spark, spec, files);
      default -> delimited(spark, spec, files, spec.format().equals("tsv") ? '\t' : ',');
    };
  }

  private static Read delimited(SparkSession spark, Spec spec, List<String> files, char delimiter) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, int[]> positions = new HashMap<>();
    int headers = 0;
    for (String file : files) {
      String first = spec.header() ? SourceFiles.firstLine(conf, file) : null;
      if (spec.header() && first != null) {
        headers++;
      }
      positions.put(file, positions(spec, file, first, delimiter));
    }
    TextLines.Numbered lines = TextLines.read(spark, files);
    boolean header = spec.header();
    int wanted = spec.columns().size();
    Dataset<Row> rows =
        lines
            .lines()
            .filter(header ? col("line").gt(1) : lit(true))
            .map(
                (MapFunction<Row, Row>)
                    line -> splitLine(line, positions.get(line.getString(0)), wanted, delimiter),
                Encoders.row(SCHEMA));
    long headerLines = headers;
    return new Read(rows, () -> lines.count() - headerLines);
  }

  /** Where each wanted column sits in {@code file}; checks names against its header. */
  private static int[] positions(Spec spec, String file, String headerLine, char delimiter) {
    int[] at = new int[spec.columns().size()];
    String[] header = headerLine == null ? null : DelimitedLine.split(headerLine, delimiter);
    for (int c = 0; c < at.length; c++) {
      String column = spec.columns().get(c);
      String key = spec.columnKeys().get(column);
      if (column == null) {
        at[c] = -1;
      } else if (!spec.header()) {
        try {
          at[c] = Integer.parseInt(column);
        } catch (NumberFormatException e) {
          throw new InputException(
              "'"
                  + key
                  + "' is '"
                  + column
                  + "' but the files have no header (header: false): give a 0-based column"
                  + " position, e.g. 0");
        }
      } else if (header != null) {
        at[c] = Arrays.asList(header).indexOf(column);
        if (at[c] < 0) {
          throw new InputException(
              "'"
                  + key
                  + "' names column '"
                  + column
                  + "' but the header of '"
                  + file
                  + "' has "
                  + describe(header, delimiter)
                  + wrongDelimiterHint(headerLine, delimiter));
        }
      }
    }
    return at;
  }

  private static String describe(String[] header, char delimiter) {
    return header.length
        + " column(s) split on "
        + DelimitedLine.name(delimiter)
        + ": "
        + String.join(", ", Arrays.stream(header).map(h -> "'" + h + "'").toList());
  }

  private static String wrongDelimiterHint(String headerLine, char delimiter) {
    if (headerLine.indexOf('\0') >= 0
        || headerLine.indexOf('\uFFFD') >= 0
        || headerLine.startsWith("\uFEFF")) {
      // UTF-16 text read as UTF-8: a NUL beside every ASCII letter, or a byte-order mark.
      return "; the file does not look like UTF-8 text (UTF-16, or binary?): save it as UTF-8";
    }
    if (delimiter == ',' && headerLine.contains("\t")) {
      return "; the header holds tabs: set format: tsv";
    }
    if (delimiter == '\t' && headerLine.contains(",")) {
      return "; the header holds commas: set format: csv";
    }
    return "; set the column names to the header's";
  }

  private static Row splitLine(Row line, int[] positions, int wanted, char delimiter) {
    String source = line.getString(0);
    long number = line.getLong(1);
    if (line.isNullAt(2)) {
      return rejected(source, number, "encoding", line.getString(3), null);
    }
    String text = line.getString(2);
    String[] fields = DelimitedLine.split(text, delimiter);
    if (fields == null) {
      return rejected(source, number, "malformed_line", "a quoted field is not closed", text);
    }
    int needed = Arrays.stream(positions).max().orElse(-1) + 1;
    if (fields.length < needed) {
      return rejected(
          source,
          number,
          "malformed_line",
          fields.length
              + " field(s) split on "
              + DelimitedLine.name(delimiter)
              + " but column "
              + (needed - 1)
              + " (0-based) is needed"
              + (fields.length == 1 ? "; is the file separated by another character?" : ""),
          text);
    }
    String[] picked = new String[wanted];
    for (int c = 0; c < wanted; c++) {
      picked[c] = positions[c] < 0 ? null : fields[positions[c]];
    }
    return RowFactory.create(source, number, seq(picked), null, null, text);
  }

  /**
   * A Scala Seq: the next map may receive this row unserialised, and Row.getList needs one. ({@code
   * wrapRefArray} is not deprecated under Scala 2.12 or 2.13, unlike the converters.)
   */
  private static scala.collection.Seq<String> seq(String[] values) {
    return scala.Predef.wrapRefArray(values);
  }

  private static Read jsonLines(SparkSession spark, Spec spec, List<String> files) {
    TextLines.Numbered lines = TextLines.read(spark, files);
    List<String> columns = spec.columns();
    Dataset<Row> rows =
        lines
            .lines()
            .mapPartitions(
                (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>)
                    partition -> {
                      ObjectMapper json = new ObjectMapper();
                      List<Row> out = new ArrayList<>();
                      partition.forEachRemaining(line -> out.add(jsonLine(json, line, columns)));
                      return out.iterator();
                    },
                Encoders.row(SCHEMA));
    return new Read(rows, lines::count);
  }

  private static Row jsonLine(ObjectMapper json, Row line, List<String> columns) {
    String source = line.getString(0);
    long number = line.getLong(1);
    if (line.isNullAt(2)) {
      return rejected(source, number, "encoding", line.getString(3), null);
    }
    String text = line.getString(2);
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (java.io.IOException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      return rejected(source, number, "malformed_line", "not a JSON object: " + message, text);
    }
    if (node == null || !node.isObject()) {
      return rejected(source, number, "malformed_line", "not a JSON object", text);
    }
    String[] picked = new String[columns.size()];
    for (int c = 0; c < picked.length; c++) {
      JsonNode value = columns.get(c) == null ? null : node.get(columns.get(c));
      picked[c] = value == null || value.isNull() ? null : jsonText(value);
    }
    return RowFactory.create(source, number, seq(picked), null, null, text);
  }

  /** Scalars as their text; arrays of numbers as space-separated dense features. */
  private static String jsonText(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(v.asText()));
      return String.join(" ", items);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static Read parquet(SparkSession spark, Spec spec, List<String> files) {
    Dataset<Row> table = spark.read().parquet(files.toArray(String[]::new));
    List<String> names = Arrays.asList(table.columns());
    List<Column> fields = new ArrayList<>();
    for (String column : spec.columns()) {
      if (column == null) {
        fields.add(lit(null).cast(DataTypes.StringType));
      } else if (!names.contains(column)) {
        throw new InputException(
            "'"
                + spec.columnKeys().get(column)
                + "' names column '"
                + column
                + "' but the Parquet files under "
                + spec.key()
                + " '"
                + spec.path()
                + "' have "
                + String.join(", ", names));
      } else if (table.schema().apply(column).dataType() instanceof ArrayType) {
        fields.add(concat_ws(" ", col(column).cast("array<string>")));
      } else {
        fields.add(col(column).cast(DataTypes.StringType));
      }
    }
    Column location = col("_metadata.file_path");
    Dataset<Row> rows =
        table.select(
            location.as("source"),
            col("_metadata.row_index").plus(1).as("line"),
            array(fields.toArray(Column[]::new)).as("fields"),
            lit(null).cast(DataTypes.StringType).as("rule"),
            lit(null).cast(DataTypes.StringType).as("reason"),
            concat_ws(",", fields.toArray(Column[]::new)).as("record"));
    return new Read(rows, table::count);
  }

  private static Row rejected(String source, long line, String rule, String reason, String text) {
    return RowFactory.create(source, line, null, rule, reason, Quarantine.truncate(text));
  }

  /** The format a file's extension says, for the mixed-format and wrong-format checks. */
  public static String formatOf(String file) {
    String extension = SourceFiles.extension(file);
    return switch (extension.toLowerCase(Locale.ROOT)) {
      case "json", "jsonl", "ndjson" -> "jsonl";
      case "txt", "edges", "edgelist" -> "";
      default -> extension;
    };
  }
}
