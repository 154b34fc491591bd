package org.autoglm.graph;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Rows rejected by a reader or a cleaning rule, each with its rule, reason and location. */
public final class Quarantine {
  private Quarantine() {}

  /** Longest record text kept; the location finds the rest. */
  public static final int MAX_RECORD_CHARS = 2000;

  public static final StructType SCHEMA =
      createStructType(
          List.of(
              createStructField("stage", StringType, false),
              createStructField("table_name", StringType, false),
              createStructField("rule", StringType, false),
              createStructField("reason", StringType, false),
              createStructField("source", StringType, false),
              createStructField("line", LongType, true),
              createStructField("record", StringType, true)));

  public static String truncate(String record) {
    return record == null || record.length() <= MAX_RECORD_CHARS
        ? record
        : record.substring(0, MAX_RECORD_CHARS) + "...";
  }
}
