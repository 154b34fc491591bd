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
import org.autoglm.graph.InputException;
import org.autoglm.train.Checkpoint;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.TrainParams;
import org.autoglm.train.TrainSettings;

/**
 * A saved model that describes itself: a folder with the trained weights ({@value #CHECKPOINT}) and
 * {@value #PROPERTIES} — the full training settings, the class names in output order, the feature
 * width, the fitted feature pipeline to apply first (if any) and the run's provenance. A
 * soft-voting ensemble is one folder too: its members' weights ({@code member-<i>.ckpt}) and each
 * member's settings under {@code member.<i>.}; it predicts the mean of their probabilities. Every
 * run saves its chosen model as one under {@code models/<study>/runs/<run_id>}; nightly publishes
 * it as {@code models/<study>/current}; {@code predict} and the Spark ML transformer load it
 * without the experiment file.
 *
 * @param members the trained models: one, or an ensemble's
 * @param featureModel the fitted {@code features.pipeline} (a copy inside the folder), or null
 */
public record ModelBundle(
    String dir,
    List<Member> members,
    List<String> classes,
    int features,
    String featureModel,
    Map<String, String> properties)
    implements Serializable {
  public static final String CHECKPOINT = "model.ckpt";
  public static final String PROPERTIES = "model.properties";
  public static final String FEATURE_MODEL = "feature_model";

  /** The folder inside a run's saved model that holds its distilled student, if any. */
  public static final String STUDENT = "student";

  private static final String SETTING = "setting.";
  private static final String CLASS = "class.";
  private static final String MEMBERS = "members";
  private static final String MEMBER = "member.";

  public ModelBundle {
    members = List.copyOf(members);
  }

  /**
   * One trained model of the bundle.
   *
   * @param checkpoint its weights' file name inside the folder
   * @param settings the settings it was trained under
   */
  public record Member(String checkpoint, TrainSettings settings) implements Serializable {}

  /**
   * A trained model to save: its checkpoint (anywhere on the filesystem) and its settings.
   *
   * @param checkpoint the checkpoint's path
   */
  public record Trained(String checkpoint, TrainSettings settings) {}

  /** The settings of the model, or of an ensemble's first (best) member. */
  public TrainSettings settings() {
    return members.get(0).settings();
  }

  public boolean isEnsemble() {
    return members.size() > 1;
  }

  /**
   * Saves {@code models} (one, or an ensemble's members) with their description into {@code dir}
   * (replaced if present).
   */
  public static ModelBundle save(
      Configuration conf,
      String dir,
      List<Trained> models,
      List<String> classes,
      int features,
      String featureModel,
      Map<String, String> described) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a saved model needs at least one trained model");
    }
    Map<String, String> all = new TreeMap<>(described);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      TrainSettings settings = models.get(i).settings();
      String prefix = models.size() == 1 ? "" : MEMBER + i + ".";
      TrainParams.describe(settings)
          .forEach((name, value) -> all.put(prefix + SETTING + name, value));
      all.put(prefix + "seed", Long.toString(settings.seed()));
      members.add(new Member(models.size() == 1 ? CHECKPOINT : "member-" + i + ".ckpt", settings));
    }
    if (models.size() > 1) {
      all.put(MEMBERS, Integer.toString(models.size()));
    }
    all.put("metric", models.get(0).settings().metric());
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
      for (int i = 0; i < models.size(); i++) {
        FileUtil.copy(
            fs,
            new Path(models.get(i).checkpoint()),
            fs,
            new Path(folder, members.get(i).checkpoint()),
            false,
            conf);
      }
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
        members,
        List.copyOf(classes),
        features,
        featureModel == null ? null : dir + "/" + FEATURE_MODEL,
        all);
  }

  /** Loads the description; a missing folder or a bad entry is an error naming the file. */
  public static ModelBundle load(Configuration conf, String dir) {
    Path file = new Path(dir, PROPERTIES);
    Properties properties = new Properties();
    FileSystem fs;
    try {
      fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        throw missing(dir);
      }
      try (InputStream in = fs.open(file)) {
        properties.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, String> all = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> all.put(k, properties.getProperty(k)));
    try {
      String metric = required(all, "metric", file);
      List<Member> members = new ArrayList<>();
      if (all.containsKey(MEMBERS)) {
        int count = Integer.parseInt(all.get(MEMBERS));
        for (int i = 0; i < count; i++) {
          members.add(
              new Member("member-" + i + ".ckpt", member(all, MEMBER + i + ".", metric, file)));
        }
      } else {
        members.add(new Member(CHECKPOINT, member(all, "", metric, file)));
      }
      for (Member member : members) {
        if (!fs.exists(new Path(dir, member.checkpoint()))) {
          throw missing(dir);
        }
      }
      int classCount = Integer.parseInt(required(all, "classes", file));
      List<String> classes = new ArrayList<>();
      for (int i = 0; i < classCount; i++) {
        classes.add(required(all, CLASS + i, file));
      }
      return new ModelBundle(
          dir,
          members,
          List.copyOf(classes),
          Integer.parseInt(required(all, "features", file)),
          all.containsKey(FEATURE_MODEL) ? dir + "/" + FEATURE_MODEL : null,
          all);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new InputException("the saved model's " + file + " is not valid: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  private static InputException missing(String dir) {
    return new InputException(
        "no saved model at "
            + dir
            + " (it needs "
            + PROPERTIES
            + " and its weights, "
            + CHECKPOINT
            + " or an ensemble's member-<i>.ckpt): point --model at a run's"
            + " models/<study>/runs/<run_id> folder or at models/<study>/current");
  }

  /** A member's settings from the keys under {@code prefix}. */
  private static TrainSettings member(
      Map<String, String> all, String prefix, String metric, Path file) {
    Map<String, String> settings = new TreeMap<>();
    all.forEach(
        (key, value) -> {
          if (key.startsWith(prefix + SETTING)) {
            settings.put(key.substring((prefix + SETTING).length()), value);
          }
        });
    return TrainParameters.parse(settings, file.toString())
        .set(TrainSettings::metric, metric)
        .set(TrainSettings::seed, Long.parseLong(required(all, prefix + "seed", file)))
        .build();
  }

  /** The trained models with their weights, read from the folder. */
  public List<SoftVoting.Member> trained(Configuration conf) {
    List<SoftVoting.Member> trained = new ArrayList<>();
    for (Member member : members) {
      Path file = new Path(dir, member.checkpoint());
      try (InputStream in = file.getFileSystem(conf).open(file)) {
        trained.add(
            new SoftVoting.Member(
                member.settings(), Checkpoint.fromBytes(in.readAllBytes(), file.toString())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return trained;
  }

  private static String required(Map<String, String> all, String key, Path file) {
    String value = all.get(key);
    if (value == null) {
      throw new IllegalArgumentException("'" + key + "' is missing from " + file);
    }
    return value;
  }
}
