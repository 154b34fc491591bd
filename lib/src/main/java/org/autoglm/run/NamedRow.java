package org.autoglm.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a row of a schema column by column name, so a table's rows cannot drift out of step with
 * its schema: an unknown, repeated or forgotten column fails at once, by name.
 */
final class NamedRow {
  private final StructType schema;
  private final Object[] values;
  private final boolean[] assigned;

  private NamedRow(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
    this.assigned = new boolean[schema.size()];
  }

  static NamedRow of(StructType schema) {
    return new NamedRow(schema);
  }

  /** Sets {@code column} (null where the column is nullable). */
  NamedRow set(String column, Object value) {
    int index = Arrays.asList(schema.fieldNames()).indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          "no column '" + column + "' in " + String.join(", ", schema.fieldNames()));
    }
    if (assigned[index]) {
      throw new IllegalArgumentException("column '" + column + "' is set twice");
    }
    if (value == null && !schema.fields()[index].nullable()) {
      throw new IllegalArgumentException("column '" + column + "' is not nullable but got null");
    }
    values[index] = value;
    assigned[index] = true;
    return this;
  }

  /** The row; every column must have been set. */
  Row build() {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (!assigned[i]) {
        missing.add(schema.fields()[i].name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("columns not set: " + String.join(", ", missing));
    }
    return new GenericRowWithSchema(values, schema);
  }
}
