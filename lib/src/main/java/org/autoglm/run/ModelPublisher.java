package org.autoglm.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.autoglm.study.OutputLayout;

/**
 * Publishes a run's saved model ({@link ModelBundle}) to {@code models/<study>/current} (its
 * checkpoint and a {@code model.properties} naming run, date, trial, score and parameters), keeping
 * the one it replaces as {@code models/<study>/previous}. The new folder is written whole beside
 * them first, then renamed into place, so {@code current} never holds half a model. Publishing the
 * same run date again (a rerun of the night) replaces {@code current} and keeps {@code previous} as
 * it was.
 */
public final class ModelPublisher {
  private ModelPublisher() {}

  /** Publishes the saved model in {@code bundle}, the chosen model of {@code provenance}'s run. */
  public static String publish(
      SparkSession spark, OutputLayout layout, Provenance provenance, String bundle) {
    Path models = new Path(layout.models(provenance.study()));
    Path current = new Path(models, "current");
    Path previous = new Path(models, "previous");
    Path staging = new Path(models, "_staging-" + provenance.runId());
    try {
      FileSystem fs = models.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(staging, true);
      FileUtil.copy(fs, new Path(bundle), fs, staging, false, fs.getConf());
      if (fs.exists(current)) {
        if (provenance.runDate().toString().equals(runDate(fs, current))) {
          fs.delete(current, true); // the same night again: previous stays the night before
        } else {
          fs.delete(previous, true);
          rename(fs, current, previous);
        }
      }
      rename(fs, staging, current);
      return current.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the model to " + current, e);
    }
  }

  private static String runDate(FileSystem fs, Path model) throws IOException {
    Path file = new Path(model, ModelBundle.PROPERTIES);
    if (!fs.exists(file)) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = fs.open(file)) {
      properties.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
    }
    return properties.getProperty("run_date");
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }
}
