package org.autoglm.config;

import java.util.List;
import java.util.Map;
import org.autoglm.config.ExperimentConfig.ResourcesConfig;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.train.Evaluators;

/** Every key an experiment may set, with its type and rule. Defaults live in defaults.yaml. */
public final class ConfigSchema {
  private ConfigSchema() {}

  static final Key<String> STUDY_NAME =
      Key.text("study.name")
          .must(
              s -> s.matches("[A-Za-z0-9_.-]+"),
              "must use only letters, digits, '_', '-' and '.' (it names folders)");
  static final Key<Long> STUDY_SEED = Key.longInteger("study.seed");

  static final Key<String> DATA_SOURCE =
      Key.choice("data.source", "synthetic", "linqs", "edges", "ntriples");
  static final Key<String> DATA_PATH = Key.text("data.path").optional();
  static final Key<String> DATA_NAME = Key.text("data.name").optional();
  static final Key<String> DATA_FORMAT =
      Key.choice("data.format", ExperimentConfig.TABLE_FORMATS.toArray(String[]::new));
  static final Key<Boolean> DATA_HEADER = Key.bool("data.header");
  static final Key<String> DATA_SRC = Key.text("data.columns.src");
  static final Key<String> DATA_DST = Key.text("data.columns.dst");
  static final Key<String> DATA_RELATION = Key.text("data.columns.relation").optional();
  static final Key<String> DATA_WEIGHT = Key.text("data.columns.weight").optional();
  static final Key<String> DATA_TIMESTAMP = Key.text("data.columns.timestamp").optional();
  static final Key<Boolean> DATA_NUMERIC_IDS = Key.bool("data.numeric_ids");
  static final Key<Boolean> DATA_INCREMENTAL = Key.bool("data.incremental");
  static final Key<String> NODES_PATH = Key.text("data.nodes.path").optional();
  static final Key<String> NODES_FORMAT =
      Key.choice("data.nodes.format", ExperimentConfig.TABLE_FORMATS.toArray(String[]::new));
  static final Key<Boolean> NODES_HEADER = Key.bool("data.nodes.header");
  static final Key<String> NODES_ID = Key.text("data.nodes.id");
  static final Key<String> NODES_LABEL = Key.text("data.nodes.label").optional();
  static final Key<String> NODES_FEATURES = Key.text("data.nodes.features").optional();
  static final Key<String> NODES_FEATURE_FORMAT =
      Key.choice("data.nodes.feature_format", "sparse", "dense");
  static final Key<String> NODES_SPLIT = Key.text("data.nodes.split").optional();
  static final Key<String> NTRIPLES_LABEL = Key.text("data.ntriples.label_predicate").optional();
  static final Key<Integer> SYN_NODES = Key.integer("data.synthetic.nodes").atLeast(10);
  static final Key<Integer> SYN_CLASSES = Key.integer("data.synthetic.classes").atLeast(2);
  static final Key<Integer> SYN_FEATURES = Key.integer("data.synthetic.features").atLeast(2);
  static final Key<Double> SYN_DEGREE = Key.number("data.synthetic.avg_degree").greaterThan(0);
  static final Key<Double> SYN_HOMOPHILY = Key.number("data.synthetic.homophily").between(0, 1);
  static final Key<Integer> SYN_WORDS = Key.integer("data.synthetic.words_per_node").atLeast(1);
  static final Key<Double> SYN_SIGNAL = Key.number("data.synthetic.feature_signal").between(0, 1);
  static final Key<Double> SYN_TRAIN = Key.number("data.synthetic.train_fraction").between(0, 1);
  static final Key<Double> SYN_VAL = Key.number("data.synthetic.val_fraction").between(0, 1);
  static final Key<Integer> SYN_PARTITIONS = Key.integer("data.synthetic.partitions").atLeast(1);

  static final Key<String> CLEAN_SELF_LOOPS = Key.choice("clean.self_loops", "drop", "keep");
  static final Key<String> CLEAN_MISSING =
      Key.choice("clean.missing_features", "zero", "mean", "drop");
  static final Key<Double> CLEAN_DEGREE_Z = Key.number("clean.degree_z").atLeast(0);
  static final Key<Double> CLEAN_NORM_IQR = Key.number("clean.norm_iqr").atLeast(0);
  static final Key<Double> CLEAN_NEAR_DUPLICATE =
      Key.number("clean.near_duplicate_jaccard")
          .must(v -> v == 0 || (v >= 0.5 && v <= 1), "must be 0 (off) or in [0.5, 1]");
  static final Key<String> CLEAN_ANOMALIES = Key.choice("clean.anomalies", "flag", "drop");
  static final Key<Boolean> CLEAN_SYMMETRIZE = Key.bool("clean.symmetrize");

  static final Key<String> SPLIT_METHOD =
      Key.choice("split.method", "given", "planetoid", "random");
  static final Key<Integer> SPLIT_PER_CLASS = Key.integer("split.per_class").atLeast(1);
  static final Key<Integer> SPLIT_VAL = Key.integer("split.val").atLeast(1);
  static final Key<Integer> SPLIT_TEST = Key.integer("split.test").atLeast(1);
  static final Key<Double> SPLIT_TRAIN_FRACTION = Key.number("split.train_fraction").between(0, 1);
  static final Key<Double> SPLIT_VAL_FRACTION = Key.number("split.val_fraction").between(0, 1);

  static final Key<Integer> AUGMENT_VIEWS = Key.integer("augment.views").atLeast(0);
  static final Key<Double> AUGMENT_NODE_DROP = Key.number("augment.node_drop").between(0, 1);
  static final Key<Double> AUGMENT_EDGE_DROP = Key.number("augment.edge_drop").between(0, 1);
  static final Key<Double> AUGMENT_EDGE_ADD = Key.number("augment.edge_add").between(0, 1);
  static final Key<Double> AUGMENT_FEATURE_MASK = Key.number("augment.feature_mask").between(0, 1);
  static final Key<String> AUGMENT_MASK = Key.choice("augment.mask", "column", "entry");
  static final Key<Double> AUGMENT_CENTRES = Key.number("augment.centres").between(0, 1);
  static final Key<String> AUGMENT_SUBGRAPH = Key.choice("augment.subgraph", "ego", "rwr");
  static final Key<Integer> AUGMENT_HOPS = Key.integer("augment.hops").atLeast(1);
  static final Key<Integer> AUGMENT_WALKS = Key.integer("augment.walks").atLeast(1);
  static final Key<Integer> AUGMENT_WALK_LENGTH = Key.integer("augment.walk_length").atLeast(1);
  static final Key<Double> AUGMENT_RESTART = Key.number("augment.restart").between(0, 1);

  static final Key<String> SEARCH_SAMPLER =
      Key.choice("search.sampler", Samplers.NAMES.toArray(String[]::new));
  static final Key<Integer> SEARCH_GRID_POINTS = Key.integer("search.grid_points").atLeast(2);
  static final Key<String> SEARCH_PRUNER =
      Key.choice("search.pruner", "none", "median", "sha", "hyperband");
  static final Key<Integer> PRUNING_MIN_RESOURCE =
      Key.integer("search.pruning.min_resource").atLeast(1);
  static final Key<Integer> PRUNING_ETA = Key.integer("search.pruning.eta").atLeast(2);
  static final Key<Integer> PRUNING_WARMUP = Key.integer("search.pruning.warmup_steps").atLeast(0);
  static final Key<Integer> PRUNING_STARTUP =
      Key.integer("search.pruning.startup_trials").atLeast(1);
  static final Key<Integer> SEARCH_TRIALS = Key.integer("search.trials").atLeast(1);
  static final Key<Integer> SEARCH_PARALLELISM = Key.integer("search.parallelism").atLeast(0);
  static final Key<String> SEARCH_DISPATCH = Key.choice("search.dispatch", "async", "waves");
  static final Key<Integer> SEARCH_WARM_START = Key.integer("search.warm_start").atLeast(0);
  static final Key<Boolean> SEARCH_MINIMIZE_TIME = Key.bool("search.minimize_train_seconds");
  static final Key<Boolean> SEARCH_COST_AWARE = Key.bool("search.cost_aware");
  static final Key<Integer> REEVALUATE_TOP = Key.integer("search.reevaluate.top").atLeast(0);
  static final Key<Integer> REEVALUATE_SEEDS = Key.integer("search.reevaluate.seeds").atLeast(1);
  static final Key<Integer> SEARCH_ENSEMBLE =
      Key.integer("search.ensemble").must(v -> v == 0 || v >= 2, "must be 0 (off) or >= 2");
  static final Key<Boolean> SEARCH_DISTILL = Key.bool("search.distill");
  static final Key<Double> DISTILL_ALPHA =
      Key.number("distill.alpha").must(v -> v >= 0 && v <= 1, "must be in [0, 1]");
  static final Key<Double> DISTILL_TEMPERATURE =
      Key.number("distill.temperature").must(v -> v > 0, "must be > 0");
  static final String DISTILL_STUDENT = "distill.student.";
  static final String SEARCH_SPACE = "search.space";
  static final String FEATURES_PIPELINE = "features.pipeline";

  static final Key<String> TRAIN_METRIC =
      Key.text("train.metric")
          .must(
              name -> Evaluators.available().containsKey(name),
              "must name an evaluator: "
                  + String.join(", ", Evaluators.available().keySet())
                  + " or one registered in META-INF/services/org.autoglm.train.NodeEvaluator");
  static final Key<String> TRAIN_DEVICE = Key.choice("train.device", "auto", "cpu", "gpu");
  static final Key<Boolean> TRAIN_BASELINE = Key.bool("train.baseline");

  static final Key<Integer> TRIAL_CPUS = Key.integer("resources.trial.cpus").atLeast(1);
  static final Key<Double> TRIAL_GPUS =
      Key.number("resources.trial.gpus")
          .must(
              ResourcesConfig::isSchedulableGpuAmount,
              "must be 0, a whole number, or a share 1/k of one GPU (0.5, 0.25, ...)");
  static final Key<Integer> EXECUTOR_CORES = Key.integer("resources.executor.cores").atLeast(0);
  static final Key<Integer> EXECUTOR_GPUS = Key.integer("resources.executor.gpus").atLeast(0);
  static final Key<String> EXECUTOR_MEMORY =
      Key.text("resources.executor.memory")
          .optional()
          .must(
              m -> m.matches("[0-9]+[kKmMgGtT]?"), "must be a JVM memory size such as 8g or 4096m");

  static final Key<String> GATE_METRIC =
      Key.choice("gate.metric", "val_score", "test_score", "test_accuracy", "test_macro_f1");
  static final Key<String> GATE_BASELINE = Key.choice("gate.baseline", "last", "best_of_last");
  static final Key<Integer> GATE_LAST_N = Key.integer("gate.last_n").atLeast(1);
  static final Key<Double> GATE_TOLERANCE = Key.number("gate.tolerance").atLeast(0);

  static final Key<String> OUTPUT_PATH = Key.text("output.path");
  static final Key<Integer> OUTPUT_HEARTBEAT = Key.integer("output.heartbeat_seconds").atLeast(1);
  static final Key<Boolean> OUTPUT_TRIAL_EPOCHS = Key.bool("output.trial_epochs");
  static final Key<Integer> OUTPUT_REPORT_SECONDS = Key.integer("output.report_seconds").atLeast(0);

  /** Training parameters a search space may tune; their {@code train.*} keys set the defaults. */
  static final Map<String, Key<?>> TUNABLE = TrainParameters.KEYS;

  static final List<Key<?>> FIXED_KEYS =
      List.of(
          STUDY_NAME,
          STUDY_SEED,
          DATA_SOURCE,
          DATA_PATH,
          DATA_NAME,
          DATA_FORMAT,
          DATA_HEADER,
          DATA_SRC,
          DATA_DST,
          DATA_RELATION,
          DATA_WEIGHT,
          DATA_TIMESTAMP,
          DATA_NUMERIC_IDS,
          DATA_INCREMENTAL,
          NODES_PATH,
          NODES_FORMAT,
          NODES_HEADER,
          NODES_ID,
          NODES_LABEL,
          NODES_FEATURES,
          NODES_FEATURE_FORMAT,
          NODES_SPLIT,
          NTRIPLES_LABEL,
          SYN_NODES,
          SYN_CLASSES,
          SYN_FEATURES,
          SYN_DEGREE,
          SYN_HOMOPHILY,
          SYN_WORDS,
          SYN_SIGNAL,
          SYN_TRAIN,
          SYN_VAL,
          SYN_PARTITIONS,
          CLEAN_SELF_LOOPS,
          CLEAN_MISSING,
          CLEAN_DEGREE_Z,
          CLEAN_NORM_IQR,
          CLEAN_NEAR_DUPLICATE,
          CLEAN_ANOMALIES,
          CLEAN_SYMMETRIZE,
          SPLIT_METHOD,
          SPLIT_PER_CLASS,
          SPLIT_VAL,
          SPLIT_TEST,
          SPLIT_TRAIN_FRACTION,
          SPLIT_VAL_FRACTION,
          AUGMENT_VIEWS,
          AUGMENT_NODE_DROP,
          AUGMENT_EDGE_DROP,
          AUGMENT_EDGE_ADD,
          AUGMENT_FEATURE_MASK,
          AUGMENT_MASK,
          AUGMENT_CENTRES,
          AUGMENT_SUBGRAPH,
          AUGMENT_HOPS,
          AUGMENT_WALKS,
          AUGMENT_WALK_LENGTH,
          AUGMENT_RESTART,
          SEARCH_SAMPLER,
          SEARCH_GRID_POINTS,
          SEARCH_PRUNER,
          PRUNING_MIN_RESOURCE,
          PRUNING_ETA,
          PRUNING_WARMUP,
          PRUNING_STARTUP,
          SEARCH_TRIALS,
          SEARCH_PARALLELISM,
          SEARCH_DISPATCH,
          SEARCH_WARM_START,
          SEARCH_MINIMIZE_TIME,
          SEARCH_COST_AWARE,
          REEVALUATE_TOP,
          REEVALUATE_SEEDS,
          SEARCH_ENSEMBLE,
          SEARCH_DISTILL,
          DISTILL_ALPHA,
          DISTILL_TEMPERATURE,
          TRAIN_METRIC,
          TRAIN_DEVICE,
          TRAIN_BASELINE,
          TRIAL_CPUS,
          TRIAL_GPUS,
          EXECUTOR_CORES,
          EXECUTOR_GPUS,
          EXECUTOR_MEMORY,
          GATE_METRIC,
          GATE_BASELINE,
          GATE_LAST_N,
          GATE_TOLERANCE,
          OUTPUT_PATH,
          OUTPUT_HEARTBEAT,
          OUTPUT_TRIAL_EPOCHS,
          OUTPUT_REPORT_SECONDS);

  /** Keys that moved, with where to: an old experiment file gets told, not just refused. */
  static final Map<String, String> MOVED =
      Map.of(
          "train.threads",
          "'train.threads' is now 'resources.trial.cpus': a trial's CPUs, which are also its"
              + " threads");

  /** Every fixed key's name: the candidates for "did you mean". */
  static List<String> keyNames() {
    java.util.List<String> names = new java.util.ArrayList<>();
    FIXED_KEYS.forEach(k -> names.add(k.name()));
    TUNABLE.values().forEach(k -> names.add(k.name()));
    TUNABLE.keySet().forEach(k -> names.add(DISTILL_STUDENT + k));
    names.add(SEARCH_SPACE);
    names.add(FEATURES_PIPELINE);
    return names;
  }
}
