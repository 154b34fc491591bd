package org.autoglm.graph.io;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.graph.InputException;
import org.autoglm.graph.io.SourceFiles.DataFile;

/**
 * What collect has consumed, a row per file: a nightly incremental collect reads only the files the
 * manifest lacks, so running it again with nothing new changes nothing. Files are told apart by
 * path; size and modification time catch a file rewritten in place, which would otherwise have its
 * rows counted twice. A consumed file that is later deleted (retention) is not an error: its rows
 * stay in the raw tables.
 */
public final class Manifest {
  /** Manifest columns before provenance. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("setting", DataTypes.StringType, false),
              DataTypes.createStructField("path", DataTypes.StringType, false),
              DataTypes.createStructField("bytes", DataTypes.LongType, false),
              DataTypes.createStructField("modified", DataTypes.LongType, false),
              DataTypes.createStructField("batch", DataTypes.StringType, false)));

  /** A consumed file, as the manifest recorded it. */
  public record Entry(String path, long bytes, long modified, String batch, String runDate) {}

  private Manifest() {}

  /**
   * The files of {@code listed} that {@code consumed} (by path) does not hold.
   *
   * @param key the setting that named the files, for messages
   * @throws InputException when a consumed file has changed since
   */
  public static List<DataFile> unconsumed(
      String key, List<DataFile> listed, Map<String, Entry> consumed) {
    List<DataFile> fresh = new ArrayList<>();
    for (DataFile file : listed) {
      Entry earlier = consumed.get(file.path());
      if (earlier == null) {
        fresh.add(file);
      } else if (earlier.bytes() != file.bytes() || earlier.modified() != file.modified()) {
        throw new InputException(
            key
                + " file '"
                + file.path()
                + "' has changed since collect consumed it on "
                + earlier.runDate()
                + " (batch "
                + earlier.batch()
                + ": then "
                + describe(earlier.bytes(), earlier.modified())
                + "; now "
                + describe(file.bytes(), file.modified())
                + "). With data.incremental the files of a source must not change: write new rows"
                + " to a new file, or set data.incremental: false to collect everything again");
      }
    }
    return List.copyOf(fresh);
  }

  private static String describe(long bytes, long modified) {
    return bytes + " bytes, modified " + Instant.ofEpochMilli(modified);
  }
}
