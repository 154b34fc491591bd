package org.autoglm.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.autoglm.config.ConfigException;
import org.autoglm.config.TrainParameters;
import org.autoglm.graph.io.InputException;
import org.autoglm.train.Checkpoint;
import org.autoglm.train.TrainSettings;

/**
 * A saved model that describes itself: a folder with the trained weights ({@value #CHECKPOINT}) and
 * {@value #PROPERTIES} — the full training settings, the class names in output order, the feature
 * width, the fitted feature pipeline to apply first (if any) and the run's provenance. Every run
 * saves its chosen trial as one under {@code models/<study>/runs/<run_id>}; nightly publishes it as
 * {@code models/<study>/current}; {@code predict} and the Spark ML transformer load it without the
 * experiment file.
 *
 * @param featureModel the fitted {@code features.pipeline} (a copy inside the folder), or null
 */
public record ModelBundle(
    String dir,
    TrainSettings settings,
    List<String> classes,
    int features,
    String featureModel,
    Map<String, String> properties)
    implements Serializable {
  public static final String CHECKPOINT = "model.ckpt";
  public static final String PROPERTIES = "model.properties";
  public static final String FEATURE_MODEL = "feature_model";
  private static final String SETTING = "setting.";
  private static final String CLASS = "class.";

  /** Saves {@code checkpoint} with its description into {@code dir} (replaced if present). */
  public static ModelBundle save(
      Configuration conf,
      String dir,
      String checkpoint,
      TrainSettings settings,
      List<String> classes,
      int features,
      String featureModel,
      Map<String, String> described) {
    Map<String, String> all = new TreeMap<>(described);
    TrainParameters.describe(settings).forEach((name, value) -> all.put(SETTING + name, value));
    all.put("metric", settings.metric());
    all.put("seed", Long.toString(settings.seed()));
    for (int i = 0; i < classes.size(); i++) {
      all.put(CLASS + i, classes.get(i));
    }
    all.put("classes", Integer.toString(classes.size()));
    all.put("features", Integer.toString(features));
    if (featureModel != null) {
      all.put(FEATURE_MODEL, FEATURE_MODEL);
    }
    Path folder = new Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      fs.delete(folder, true);
      fs.mkdirs(folder);
      FileUtil.copy(fs, new Path(checkpoint), fs, new Path(folder, CHECKPOINT), false, conf);
      if (featureModel != null) {
        // a copy: the study's next run refits the pipeline in place
        FileUtil.copy(fs, new Path(featureModel), fs, new Path(folder, FEATURE_MODEL), false, conf);
      }
      Properties properties = new Properties();
      properties.putAll(all);
      try (OutputStream out = fs.create(new Path(folder, PROPERTIES), true)) {
        properties.store(out, "a model saved by Open-AutoGLM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + dir, e);
    }
    return new ModelBundle(
        dir,
        settings,
        List.copyOf(classes),
        features,
        featureModel == null ? null : dir + "/" + FEATURE_MODEL,
        all);
  }

  /** Loads the description; a missing folder or a bad entry is an error naming the file. */
  public static ModelBundle load(Configuration conf, String dir) {
    Path file = new Path(dir, PROPERTIES);
    Properties properties = new Properties();
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file) || !fs.exists(new Path(dir, CHECKPOINT))) {
        throw new InputException(
            "no saved model at "
                + dir
                + " (it needs "
                + CHECKPOINT
                + " and "
                + PROPERTIES
                + "): point --model at a run's models/<study>/runs/<run_id> folder or at"
                + " models/<study>/current");
      }
      try (InputStream in = fs.open(file)) {
        properties.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, String> all = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> all.put(k, properties.getProperty(k)));
    Map<String, String> settings = new TreeMap<>();
    all.forEach(
        (key, value) -> {
          if (key.startsWith(SETTING)) {
            settings.put(key.substring(SETTING.length()), value);
          }
        });
    try {
      TrainSettings parsed =
          TrainParameters.parse(settings, file.toString())
              .metric(required(all, "metric", file))
              .seed(Long.parseLong(required(all, "seed", file)))
              .build();
      int classCount = Integer.parseInt(required(all, "classes", file));
      List<String> classes = new ArrayList<>();
      for (int i = 0; i < classCount; i++) {
        classes.add(required(all, CLASS + i, file));
      }
      return new ModelBundle(
          dir,
          parsed,
          List.copyOf(classes),
          Integer.parseInt(required(all, "features", file)),
          all.containsKey(FEATURE_MODEL) ? dir + "/" + FEATURE_MODEL : null,
          all);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new InputException("the saved model's " + file + " is not valid: " + e.getMessage());
    }
  }

  /** The trained weights. */
  public Checkpoint checkpoint(Configuration conf) {
    Path file = new Path(dir, CHECKPOINT);
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      return Checkpoint.fromBytes(in.readAllBytes(), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String required(Map<String, String> all, String key, Path file) {
    String value = all.get(key);
    if (value == null) {
      throw new IllegalArgumentException("'" + key + "' is missing from " + file);
    }
    return value;
  }
}
