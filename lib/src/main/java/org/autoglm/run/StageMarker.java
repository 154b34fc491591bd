package org.autoglm.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A data stage's "done, by run X" beside its outputs ({@code
 * graphs/<study>/<stage>/_COMPLETED_BY}): removed when the stage starts, written when its outputs
 * and books are complete. Under the graph lease only one run writes a study's graph, so a marker
 * naming a run says the outputs there are that run's, whole: a resumed run does not repeat the
 * stage.
 */
final class StageMarker {
  private static final String FILE = "_COMPLETED_BY";

  private StageMarker() {}

  static void clear(SparkSession spark, String stageDir) {
    Path file = new Path(stageDir, FILE);
    try {
      file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove stage marker " + file, e);
    }
  }

  static void mark(SparkSession spark, String stageDir, String runId) {
    Path file = new Path(stageDir, FILE);
    try (OutputStream out =
        file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, true)) {
      out.write(runId.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stage marker " + file, e);
    }
  }

  /** Did run {@code runId} complete the stage whose outputs are in {@code stageDir}? */
  static boolean completedBy(SparkSession spark, String stageDir, String runId) {
    Path file = new Path(stageDir, FILE);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return false;
      }
      try (InputStream in = fs.open(file)) {
        return runId.equals(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stage marker " + file, e);
    }
  }
}
