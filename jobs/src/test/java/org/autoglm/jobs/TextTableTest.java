package org.autoglm.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void cellsArePaddedToTheWidestOfTheirColumnAndCutRowsAreSaid() {
    String table =
        TextTable.format(
            new String[] {"status", "n"},
            List.of(new String[] {"FAILED", "3"}, new String[] {"COMPLETED", "null"}),
            2);

    assertThat(table)
        .isEqualTo(
            "+---------+----+\n"
                + "|status   |n   |\n"
                + "+---------+----+\n"
                + "|FAILED   |3   |\n"
                + "|COMPLETED|null|\n"
                + "+---------+----+\n"
                + "only showing top 2 rows\n\n");
  }
}
