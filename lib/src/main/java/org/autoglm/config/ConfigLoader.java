package org.autoglm.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.autoglm.config.ExperimentConfig.AugmentConfig;
import org.autoglm.config.ExperimentConfig.CleanConfig;
import org.autoglm.config.ExperimentConfig.DataConfig;
import org.autoglm.config.ExperimentConfig.EdgeListConfig;
import org.autoglm.config.ExperimentConfig.FeaturesConfig;
import org.autoglm.config.ExperimentConfig.GateConfig;
import org.autoglm.config.ExperimentConfig.NodeTableConfig;
import org.autoglm.config.ExperimentConfig.OutputConfig;
import org.autoglm.config.ExperimentConfig.PruningConfig;
import org.autoglm.config.ExperimentConfig.ResourcesConfig;
import org.autoglm.config.ExperimentConfig.SearchConfig;
import org.autoglm.config.ExperimentConfig.SplitConfig;
import org.autoglm.config.ExperimentConfig.StudyConfig;
import org.autoglm.config.ExperimentConfig.SyntheticConfig;
import org.autoglm.config.ExperimentConfig.TrainConfig;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.train.NodeScoring;
import org.autoglm.train.TrainSettings;

/**
 * Layers configuration and validates it once: bundled {@code conf/defaults.yaml}, then {@code
 * conf/env/<env>.yaml}, then the experiment file, then {@code --set key=value} overrides. A layer
 * that defines {@code search.space} (or {@code search.initial}) replaces the one below it as a
 * whole.
 */
public final class ConfigLoader {
  /** Environments bundled with the engine. */
  public static final List<String> ENVIRONMENTS = List.of("dev", "test", "prod");

  private ConfigLoader() {}

  /** A named YAML text: a file's path and content. */
  public record Layer(String source, String text) {}

  /** Loads an experiment over the bundled defaults of {@code env}, then applies overrides. */
  public static ExperimentConfig load(String env, Layer experiment, List<String> overrides) {
    if (!ENVIRONMENTS.contains(env)) {
      String hint = Suggestions.closest(env, ENVIRONMENTS);
      throw new ConfigException(
          "environment '"
              + env
              + "' must be one of "
              + String.join(", ", ENVIRONMENTS)
              + (hint == null ? "" : "; did you mean '" + hint + "'?"));
    }
    List<Layer> layers = new ArrayList<>();
    layers.add(bundled("conf/defaults.yaml"));
    layers.add(bundled("conf/env/" + env + ".yaml"));
    layers.add(experiment);
    return load(layers, overrides);
  }

  /** The value of {@code search.space} that stands for the built-in space below. */
  static final String AUTO_SPACE_NAME = "auto";

  static final String AUTO_SPACE = "conf/spaces/auto.yaml";

  /**
   * Merges {@code layers} in order, applies overrides and validates; {@code search.space: auto}
   * becomes the space of {@value #AUTO_SPACE}.
   */
  public static ExperimentConfig load(List<Layer> layers, List<String> overrides) {
    Map<String, Setting> merged = new LinkedHashMap<>();
    for (Layer layer : layers) {
      Map<String, Setting> settings = YamlLayer.parse(layer.source(), layer.text());
      if (settings.keySet().stream().anyMatch(ConfigLoader::isSpaceKey)) {
        merged.keySet().removeIf(ConfigLoader::isSpaceKey);
      }
      if (settings.keySet().stream().anyMatch(InitialParser::isInitialKey)) {
        merged.keySet().removeIf(InitialParser::isInitialKey);
      }
      merged.putAll(settings);
    }
    for (String override : overrides) {
      Map<String, Setting> settings = parseOverride(override);
      if (settings.containsKey(ConfigSchema.SEARCH_SPACE)) {
        merged.keySet().removeIf(ConfigLoader::isSpaceKey);
      }
      if (settings.containsKey(InitialParser.KEY)) {
        merged.keySet().removeIf(InitialParser::isInitialKey);
      }
      merged.putAll(settings);
    }
    Setting space = merged.get(ConfigSchema.SEARCH_SPACE);
    if (space != null && !AUTO_SPACE_NAME.equals(space.value())) {
      throw new ConfigException(
          "'search.space' is '"
              + space.value()
              + "' but must be a map of parameters or 'auto' (the built-in space of "
              + AUTO_SPACE
              + ") ("
              + space.origin()
              + ")");
    }
    if (space != null) {
      merged.remove(ConfigSchema.SEARCH_SPACE);
      // The built-in space's initial configurations apply unless the user named their own.
      boolean ownInitial = merged.keySet().stream().anyMatch(InitialParser::isInitialKey);
      Layer auto = bundled(AUTO_SPACE);
      YamlLayer.parse(auto.source(), auto.text()).entrySet().stream()
          .filter(e -> !(ownInitial && InitialParser.isInitialKey(e.getKey())))
          .forEach(
              e ->
                  merged.put(
                      e.getKey(),
                      new Setting(
                          e.getKey(),
                          e.getValue().value(),
                          new Origin(
                              space.origin() + " → " + AUTO_SPACE, e.getValue().origin().line()))));
    }
    return validate(merged);
  }

  private static Map<String, Setting> parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "--set '" + override + "' must look like key=value, e.g. --set search.trials=10");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1);
    Map<String, Setting> parsed = YamlLayer.parse("--set", key + ": " + value);
    Map<String, Setting> settings = new LinkedHashMap<>();
    parsed.forEach(
        (k, s) -> settings.put(k, new Setting(k, s.value(), Origin.commandLine(override))));
    return settings;
  }

  private static ExperimentConfig validate(Map<String, Setting> settings) {
    List<String> problems = new ArrayList<>();
    List<String> known = ConfigSchema.keyNames();
    for (Setting s : settings.values()) {
      if (ConfigSchema.MOVED.containsKey(s.key())) {
        problems.add(ConfigSchema.MOVED.get(s.key()) + " (" + s.origin() + ")");
      } else if (!isSpaceKey(s.key())
          && !InitialParser.isInitialKey(s.key())
          && !known.contains(s.key())) {
        String hint = Suggestions.closest(s.key(), known);
        problems.add(
            "unknown key '"
                + s.key()
                + "' ("
                + s.origin()
                + ")"
                + (hint == null ? "" : "; did you mean '" + hint + "'?"));
      }
    }
    Reader reader = new Reader(settings, problems);
    StudyConfig study =
        new StudyConfig(
            reader.get(ConfigSchema.STUDY_NAME, ""), reader.get(ConfigSchema.STUDY_SEED, 0L));
    DataConfig data = readData(reader);
    FeaturesConfig features =
        new FeaturesConfig(
            FeatureStep.parse(settings.get(ConfigSchema.FEATURES_PIPELINE), problems));
    CleanConfig clean =
        new CleanConfig(
            reader.get(ConfigSchema.CLEAN_SELF_LOOPS, "drop").equals("drop"),
            reader.get(ConfigSchema.CLEAN_MISSING, "zero"),
            reader.get(ConfigSchema.CLEAN_DEGREE_Z, 0.0),
            reader.get(ConfigSchema.CLEAN_NORM_IQR, 0.0),
            reader.get(ConfigSchema.CLEAN_NEAR_DUPLICATE, 0.0),
            reader.get(ConfigSchema.CLEAN_ANOMALIES, "flag").equals("drop"),
            reader.get(ConfigSchema.CLEAN_SYMMETRIZE, false));
    SplitConfig split =
        new SplitConfig(
            reader.get(ConfigSchema.SPLIT_METHOD, "given"),
            reader.get(ConfigSchema.SPLIT_PER_CLASS, 20),
            reader.get(ConfigSchema.SPLIT_VAL, 500),
            reader.get(ConfigSchema.SPLIT_TEST, 1000),
            reader.get(ConfigSchema.SPLIT_TRAIN_FRACTION, 0.1),
            reader.get(ConfigSchema.SPLIT_VAL_FRACTION, 0.1));
    if (split.trainFraction() + split.valFraction() >= 1) {
      reader.problem(
          ConfigSchema.SPLIT_VAL_FRACTION.name(),
          "'split.train_fraction' + 'split.val_fraction' must be < 1 so some nodes are left for"
              + " testing");
    }
    AugmentConfig augment =
        new AugmentConfig(
            reader.get(ConfigSchema.AUGMENT_VIEWS, 0),
            reader.get(ConfigSchema.AUGMENT_NODE_DROP, 0.0),
            reader.get(ConfigSchema.AUGMENT_EDGE_DROP, 0.0),
            reader.get(ConfigSchema.AUGMENT_EDGE_ADD, 0.0),
            reader.get(ConfigSchema.AUGMENT_FEATURE_MASK, 0.0),
            reader.get(ConfigSchema.AUGMENT_MASK, "column").equals("entry"),
            reader.get(ConfigSchema.AUGMENT_CENTRES, 0.0),
            reader.get(ConfigSchema.AUGMENT_SUBGRAPH, "ego").equals("rwr"),
            reader.get(ConfigSchema.AUGMENT_HOPS, 2),
            reader.get(ConfigSchema.AUGMENT_WALKS, 4),
            reader.get(ConfigSchema.AUGMENT_WALK_LENGTH, 16),
            reader.get(ConfigSchema.AUGMENT_RESTART, 0.15));
    TrainConfig train = readTrain(reader);
    SearchSpace space = SpaceParser.parse(settings, problems);
    SearchConfig search =
        new SearchConfig(
            reader.get(ConfigSchema.SEARCH_SAMPLER, "random"),
            reader.get(ConfigSchema.SEARCH_TRIALS, 1),
            reader.get(ConfigSchema.SEARCH_PARALLELISM, 0),
            reader.get(ConfigSchema.SEARCH_DISPATCH, "async").equals("waves"),
            reader.get(ConfigSchema.SEARCH_WARM_START, 0),
            reader.get(ConfigSchema.SEARCH_MINIMIZE_TIME, false),
            reader.get(ConfigSchema.SEARCH_COST_AWARE, false),
            space,
            reader.get(ConfigSchema.SEARCH_GRID_POINTS, 5),
            new PruningConfig(
                reader.get(ConfigSchema.SEARCH_PRUNER, "none"),
                reader.get(ConfigSchema.PRUNING_MIN_RESOURCE, 1),
                reader.get(ConfigSchema.PRUNING_ETA, 3),
                reader.get(ConfigSchema.PRUNING_WARMUP, 0),
                reader.get(ConfigSchema.PRUNING_STARTUP, 5)),
            new ExperimentConfig.Reevaluation(
                reader.get(ConfigSchema.REEVALUATE_TOP, 0),
                reader.get(ConfigSchema.REEVALUATE_SEEDS, 2)),
            reader.get(ConfigSchema.SEARCH_ENSEMBLE, 0),
            InitialParser.parse(settings, space, problems));
    if (search.reevaluate().runs() >= search.trials()) {
      reader.problem(
          ConfigSchema.REEVALUATE_TOP.name(),
          "'search.reevaluate' trains "
              + search.reevaluate().top()
              + " configurations with "
              + search.reevaluate().seeds()
              + " more seeds: "
              + search.reevaluate().runs()
              + " runs out of search.trials = "
              + search.trials()
              + ", leaving none to search; raise search.trials or lower search.reevaluate.top");
    }
    ResourcesConfig resources =
        new ResourcesConfig(
            reader.get(ConfigSchema.TRIAL_CPUS, 1),
            reader.get(ConfigSchema.TRIAL_GPUS, 0.0),
            reader.get(ConfigSchema.EXECUTOR_CORES, 0),
            reader.get(ConfigSchema.EXECUTOR_GPUS, 0),
            reader.get(ConfigSchema.EXECUTOR_MEMORY, null));
    if (resources.executorCores() > 0 && resources.executorCores() < resources.trialCpus()) {
      reader.problem(
          ConfigSchema.EXECUTOR_CORES.name(),
          "'resources.executor.cores' is "
              + resources.executorCores()
              + " but a trial needs resources.trial.cpus = "
              + resources.trialCpus()
              + "; give executors at least that many cores");
    }
    if (resources.executorGpus() > 0 && resources.executorGpus() < resources.trialGpus()) {
      reader.problem(
          ConfigSchema.EXECUTOR_GPUS.name(),
          "'resources.executor.gpus' is "
              + resources.executorGpus()
              + " but a trial needs resources.trial.gpus = "
              + resources.trialGpus()
              + "; give executors at least that many GPUs");
    }
    if (search.minimizeTrainSeconds() && search.warmStart() > 0) {
      problems.add(
          "'search.warm_start' is "
              + search.warmStart()
              + " but search.minimize_train_seconds is true: warm starts replay one objective;"
              + " set search.warm_start=0 for a multi-objective study");
    }
    if (search.costAware() && !search.sampler().equals("tpe")) {
      problems.add(
          "'search.cost_aware' is true but search.sampler is "
              + search.sampler()
              + ": only tpe weighs a configuration's predicted cost; set search.sampler=tpe or"
              + " search.cost_aware=false");
    }
    if (search.minimizeTrainSeconds()
        && !List.of("nsga2", "random", "sobol", "grid").contains(search.sampler())) {
      problems.add(
          "'search.sampler' is "
              + search.sampler()
              + " but search.minimize_train_seconds is true (two objectives); use nsga2, random,"
              + " sobol or grid");
    }
    for (Setting s : settings.values()) {
      String name = s.key().startsWith("train.") ? s.key().substring("train.".length()) : null;
      boolean searched =
          name != null
              && search.space().parameters().stream()
                  .anyMatch(p -> p.name().equals(name) && !(p instanceof Parameter.Fixed));
      if (searched && s.origin().source().startsWith("--set ")) {
        problems.add(
            "'"
                + s.key()
                + "' is set on the command line ("
                + s.origin()
                + ") but search.space tunes '"
                + name
                + "', which every trial would use instead: to fix it for this run, set"
                + " search.space."
                + name
                + "="
                + s.value()
                + "; or leave it to the search");
      }
    }
    OutputConfig output =
        new OutputConfig(
            reader.get(ConfigSchema.OUTPUT_PATH, ""),
            reader.get(ConfigSchema.OUTPUT_HEARTBEAT, 30),
            reader.get(ConfigSchema.OUTPUT_TRIAL_EPOCHS, true),
            reader.get(ConfigSchema.OUTPUT_REPORT_SECONDS, 10));
    ExperimentConfig.DistillConfig distill = readDistill(reader, train);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    SortedMap<String, String> resolved = new TreeMap<>();
    settings.forEach((k, s) -> resolved.put(k, s.value() == null ? "" : String.valueOf(s.value())));
    return new ExperimentConfig(
        study,
        data,
        clean,
        features,
        split,
        augment,
        search,
        train,
        distill,
        resources,
        new GateConfig(
            reader.get(ConfigSchema.GATE_METRIC, "val_score"),
            reader.get(ConfigSchema.GATE_BASELINE, "last").equals("best_of_last"),
            reader.get(ConfigSchema.GATE_LAST_N, 5),
            reader.get(ConfigSchema.GATE_TOLERANCE, 0.0)),
        output,
        resolved,
        hash(resolved));
  }

  private static DataConfig readData(Reader reader) {
    DataConfig.Source source =
        DataConfig.Source.valueOf(
            reader.get(ConfigSchema.DATA_SOURCE, "synthetic").toUpperCase(java.util.Locale.ROOT));
    String path = reader.get(ConfigSchema.DATA_PATH, null);
    if (source != DataConfig.Source.SYNTHETIC && path == null) {
      reader.problem(
          ConfigSchema.DATA_PATH.name(),
          "'data.path' must be set when data.source is "
              + source.name().toLowerCase(java.util.Locale.ROOT)
              + ", e.g. --set data.path=/data/cora");
    }
    EdgeListConfig edges =
        new EdgeListConfig(
            reader.get(ConfigSchema.DATA_FORMAT, "csv"),
            reader.get(ConfigSchema.DATA_HEADER, true),
            reader.get(ConfigSchema.DATA_SRC, "src"),
            reader.get(ConfigSchema.DATA_DST, "dst"),
            reader.get(ConfigSchema.DATA_RELATION, null),
            reader.get(ConfigSchema.DATA_WEIGHT, null),
            reader.get(ConfigSchema.DATA_TIMESTAMP, null),
            reader.get(ConfigSchema.DATA_NUMERIC_IDS, false));
    NodeTableConfig nodes =
        new NodeTableConfig(
            reader.get(ConfigSchema.NODES_PATH, null),
            reader.get(ConfigSchema.NODES_FORMAT, "csv"),
            reader.get(ConfigSchema.NODES_HEADER, true),
            reader.get(ConfigSchema.NODES_ID, "id"),
            reader.get(ConfigSchema.NODES_LABEL, null),
            reader.get(ConfigSchema.NODES_FEATURES, null),
            reader.get(ConfigSchema.NODES_FEATURE_FORMAT, "sparse").equals("sparse"),
            reader.get(ConfigSchema.NODES_SPLIT, null));
    SyntheticConfig synthetic =
        new SyntheticConfig(
            reader.get(ConfigSchema.SYN_NODES, 10),
            reader.get(ConfigSchema.SYN_CLASSES, 2),
            reader.get(ConfigSchema.SYN_FEATURES, 2),
            reader.get(ConfigSchema.SYN_DEGREE, 1.0),
            reader.get(ConfigSchema.SYN_HOMOPHILY, 0.5),
            reader.get(ConfigSchema.SYN_WORDS, 1),
            reader.get(ConfigSchema.SYN_SIGNAL, 0.5),
            reader.get(ConfigSchema.SYN_TRAIN, 0.1),
            reader.get(ConfigSchema.SYN_VAL, 0.1),
            reader.get(ConfigSchema.SYN_PARTITIONS, 1));
    if (synthetic.wordsPerNode() > synthetic.features()) {
      reader.problem(
          ConfigSchema.SYN_WORDS.name(),
          "'data.synthetic.words_per_node' is "
              + synthetic.wordsPerNode()
              + " but must be <= data.synthetic.features ("
              + synthetic.features()
              + ")");
    }
    if (synthetic.trainFraction() + synthetic.valFraction() >= 1) {
      reader.problem(
          ConfigSchema.SYN_VAL.name(),
          "'data.synthetic.train_fraction' + 'data.synthetic.val_fraction' must be < 1 so some"
              + " nodes are left for testing");
    }
    boolean incremental = reader.get(ConfigSchema.DATA_INCREMENTAL, false);
    if (incremental && source != DataConfig.Source.EDGES && source != DataConfig.Source.NTRIPLES) {
      reader.problem(
          ConfigSchema.DATA_INCREMENTAL.name(),
          "'data.incremental' is true but data.source is "
              + source.name().toLowerCase(java.util.Locale.ROOT)
              + ": only edges and ntriples sources are folders of files a manifest can track;"
              + " set data.incremental: false");
    }
    return new DataConfig(
        source,
        path,
        reader.get(ConfigSchema.DATA_NAME, null),
        synthetic,
        edges,
        nodes,
        reader.get(ConfigSchema.NTRIPLES_LABEL, null),
        incremental);
  }

  private static TrainConfig readTrain(Reader reader) {
    TrainSettings.Builder defaults = TrainSettings.builder();
    boolean typed = true;
    for (Map.Entry<String, Key<?>> parameter : TrainParameters.KEYS.entrySet()) {
      Object value = reader.get(parameter.getValue(), null);
      if (value == null) {
        typed = false;
      } else {
        defaults.set(parameter.getKey(), value);
      }
    }
    defaults.set(TrainSettings::metric, reader.get(ConfigSchema.TRAIN_METRIC, "accuracy"));
    TrainSettings base = null;
    if (typed) {
      try {
        base = defaults.build();
      } catch (IllegalArgumentException e) {
        reader.problem("train", e.getMessage());
      }
    }
    return new TrainConfig(
        base == null ? TrainSettings.builder().build() : base,
        reader.get(ConfigSchema.TRAIN_DEVICE, "auto"),
        reader.get(ConfigSchema.TRAIN_BASELINE, true));
  }

  /**
   * The student's settings are the training defaults with each {@code distill.student.<name>}
   * given, typed and checked as {@code train.<name>} is. Any of those keys, {@code distill.alpha}
   * and {@code distill.temperature} may be a list: the recipes are every combination.
   */
  private static ExperimentConfig.DistillConfig readDistill(Reader reader, TrainConfig train) {
    List<Map<String, Object>> students = List.of(new LinkedHashMap<>());
    for (Map.Entry<String, Key<?>> parameter : TrainParameters.KEYS.entrySet()) {
      List<?> values =
          reader.getEach(
              parameter.getValue().renamed(ConfigSchema.DISTILL_STUDENT + parameter.getKey()));
      students = combined(students, parameter.getKey(), values);
    }
    List<Double> alphas = reader.getEach(ConfigSchema.DISTILL_ALPHA);
    List<Double> temperatures = reader.getEach(ConfigSchema.DISTILL_TEMPERATURE);
    List<ExperimentConfig.DistillConfig.Recipe> recipes = new ArrayList<>();
    for (Map<String, Object> values : students) {
      TrainSettings.Builder student =
          TrainSettings.builder().set(TrainSettings::metric, train.defaults().metric());
      values.forEach(student::set);
      TrainSettings settings;
      try {
        settings = student.build();
      } catch (IllegalArgumentException e) {
        reader.problem("distill.student", e.getMessage());
        break;
      }
      if (NodeScoring.reach(settings) > 0) {
        reader.problem(
            ConfigSchema.DISTILL_STUDENT + "model",
            "'distill.student.model' is "
                + settings.model().name().toLowerCase(java.util.Locale.ROOT)
                + " but a student scores each node from its own features, with no graph: set it"
                + " to mlp");
        break;
      }
      for (double alpha : alphas == null ? List.of(0.1) : alphas) {
        for (double temperature : temperatures == null ? List.of(0.5) : temperatures) {
          recipes.add(new ExperimentConfig.DistillConfig.Recipe(alpha, temperature, settings));
        }
      }
    }
    return new ExperimentConfig.DistillConfig(
        reader.get(ConfigSchema.SEARCH_DISTILL, false), recipes);
  }

  /** Each of {@code sofar} with each of {@code values} under {@code name}; null: unchanged. */
  private static List<Map<String, Object>> combined(
      List<Map<String, Object>> sofar, String name, List<?> values) {
    if (values == null) {
      return sofar;
    }
    List<Map<String, Object>> combined = new ArrayList<>();
    for (Map<String, Object> each : sofar) {
      for (Object value : values) {
        Map<String, Object> with = new LinkedHashMap<>(each);
        with.put(name, value);
        combined.add(with);
      }
    }
    return combined;
  }

  private static boolean isSpaceKey(String key) {
    return key.equals(ConfigSchema.SEARCH_SPACE) || key.startsWith(ConfigSchema.SEARCH_SPACE + ".");
  }

  private static String hash(SortedMap<String, String> resolved) {
    StringBuilder canonical = new StringBuilder();
    resolved.forEach(
        (k, v) -> {
          if (!k.startsWith("output.")) {
            canonical.append(k).append('=').append(v).append('\n');
          }
        });
    return Digests.sha256Prefix(canonical.toString());
  }

  private static Layer bundled(String resource) {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar; rebuild it");
      }
      return new Layer(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled " + resource, e);
    }
  }

  /** Reads typed values, collecting problems instead of stopping at the first. */
  static final class Reader {
    private final Map<String, Setting> settings;
    private final List<String> problems;

    Reader(Map<String, Setting> settings, List<String> problems) {
      this.settings = settings;
      this.problems = problems;
    }

    <T> T get(Key<T> key, T fallback) {
      Setting setting = settings.get(key.name());
      if (setting == null) {
        problems.add("'" + key.name() + "' must be set (no layer defines it)");
        return fallback;
      }
      try {
        T value = key.parse(setting);
        return value == null ? fallback : value;
      } catch (ConfigException e) {
        problems.addAll(e.problems());
        return fallback;
      }
    }

    /**
     * The key's values when a layer sets it, each checked by the key: a list's items, or the one
     * value; else null (an optional key, not a problem).
     */
    <T> List<T> getEach(Key<T> key) {
      Setting setting = settings.get(key.name());
      if (setting == null) {
        return null;
      }
      List<?> items = setting.value() instanceof List<?> list ? list : List.of(setting);
      if (items.isEmpty()) {
        problems.add(
            "'"
                + key.name()
                + "' is an empty list; give a value or a list of values ("
                + setting.origin()
                + ")");
        return null;
      }
      List<T> values = new ArrayList<>();
      for (Object item : items) {
        Setting one =
            item instanceof Setting given ? given : new Setting(key.name(), item, setting.origin());
        try {
          values.add(key.parse(one));
        } catch (ConfigException e) {
          problems.addAll(e.problems());
          return null;
        }
      }
      return values;
    }

    /** The key's value when a layer sets it, else null (an optional key, not a problem). */
    <T> T getIfSet(Key<T> key) {
      return settings.containsKey(key.name()) ? get(key, null) : null;
    }

    void problem(String key, String message) {
      Setting setting = settings.get(key);
      problems.add(message + (setting == null ? "" : " (" + setting.origin() + ")"));
    }
  }
}
