package org.autoglm.graph.clean;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-stage, per-table accounting of rows: a summary row (rule {@code all}) from independent counts
 * of input, output and quarantine, and one row per rule in the order rules apply. {@link #add}
 * refuses counts that do not add up: no row may vanish between input and output.
 */
public final class QualityLedger {
  public static final String ALL_RULES = "all";

  /** One data_quality row. */
  public record Entry(
      String stage, String table, String rule, long rowsIn, long kept, long quarantined) {}

  private final List<Entry> entries = new ArrayList<>();

  /**
   * Records one table of one stage.
   *
   * @param rules the stage's rules for this table, in the order they apply
   * @param rowsIn rows that entered the stage (counted from the input)
   * @param kept rows in the stage's output (counted from the output)
   * @param quarantinedByRule quarantine rows written by the stage, by rule
   * @throws IllegalStateException when rows_in != kept + quarantined, or a rule is not declared
   */
  public QualityLedger add(
      String stage,
      String table,
      List<String> rules,
      long rowsIn,
      long kept,
      Map<String, Long> quarantinedByRule) {
    for (String rule : quarantinedByRule.keySet()) {
      if (!rules.contains(rule)) {
        throw new IllegalStateException(
            stage + "/" + table + " quarantined rows under undeclared rule '" + rule + "'");
      }
    }
    long quarantined = quarantinedByRule.values().stream().mapToLong(Long::longValue).sum();
    if (rowsIn != kept + quarantined) {
      throw new IllegalStateException(
          "rows do not add up in "
              + stage
              + "/"
              + table
              + ": rows_in "
              + rowsIn
              + " != kept "
              + kept
              + " + quarantined "
              + quarantined
              + " "
              + quarantinedByRule);
    }
    entries.add(new Entry(stage, table, ALL_RULES, rowsIn, kept, quarantined));
    long remaining = rowsIn;
    for (String rule : rules) {
      long rejected = quarantinedByRule.getOrDefault(rule, 0L);
      entries.add(new Entry(stage, table, rule, remaining, remaining - rejected, rejected));
      remaining -= rejected;
    }
    return this;
  }

  /** Records rows a stage made rather than read (in and kept alike), e.g. added reverse edges. */
  public QualityLedger added(String stage, String table, String rule, long rows) {
    entries.add(new Entry(stage, table, rule, rows, rows, 0));
    return this;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }
}
