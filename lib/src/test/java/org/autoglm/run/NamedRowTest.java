package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NamedRowTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("trial_id", DataTypes.IntegerType, false)
          .add("error", DataTypes.StringType, true)
          .add("seconds", DataTypes.DoubleType, false);

  @Test
  void valuesLandInTheirColumnsWhateverTheOrderTheyAreSetIn() {
    Row row = NamedRow.of(SCHEMA).set("seconds", 1.5).set("error", null).set("trial_id", 7).build();

    assertThat(row.<Integer>getAs("trial_id")).isEqualTo(7);
    assertThat(row.<Double>getAs("seconds")).isEqualTo(1.5);
    assertThat(row.isNullAt(1)).isTrue();
    assertThat(row.schema()).isEqualTo(SCHEMA);
  }

  @Test
  void anUnknownRepeatedForgottenOrNullColumnFailsByName() {
    assertThatThrownBy(() -> NamedRow.of(SCHEMA).set("trial", 1))
        .hasMessage("no column 'trial' in trial_id, error, seconds");
    assertThatThrownBy(() -> NamedRow.of(SCHEMA).set("error", "a").set("error", "b"))
        .hasMessage("column 'error' is set twice");
    assertThatThrownBy(() -> NamedRow.of(SCHEMA).set("seconds", null))
        .hasMessage("column 'seconds' is not nullable but got null");
    assertThatThrownBy(() -> NamedRow.of(SCHEMA).set("trial_id", 1).build())
        .hasMessage("columns not set: error, seconds");
  }
}
