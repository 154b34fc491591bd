package org.autoglm.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.Builder;

/**
 * The training parameters an experiment sets under {@code train.*} and a search space may tune by
 * the same name: each with its typed key and the one place its value reaches {@link TrainSettings}.
 * The defaults and every trial's parameters go through {@link #apply}.
 */
public final class TrainParameters {
  private TrainParameters() {}

  /** Tunable name → typed {@code train.*} key, in the order defaults.yaml lists them. */
  static final Map<String, Key<?>> KEYS = keys();

  private static Map<String, Key<?>> keys() {
    Map<String, Key<?>> keys = new LinkedHashMap<>();
    keys.put(
        "model",
        Key.choice("train.model", "gcn", "sage", "gat", "sgc", "mlp", "appnp", "gcnii", "jknet"));
    keys.put("layers", Key.integer("train.layers").atLeast(1));
    keys.put("hidden", Key.integer("train.hidden").atLeast(1));
    keys.put("heads", Key.integer("train.heads").atLeast(1));
    keys.put("output_heads", Key.integer("train.output_heads").atLeast(1));
    keys.put(
        "dropout", Key.number("train.dropout").must(v -> v >= 0 && v < 1, "must be in [0, 1)"));
    keys.put(
        "attention_dropout",
        Key.number("train.attention_dropout").must(v -> v >= 0 && v < 1, "must be in [0, 1)"));
    keys.put("activation", Key.choice("train.activation", "relu", "elu", "leaky_relu", "gelu"));
    keys.put("residual", Key.bool("train.residual"));
    keys.put("layer_norm", Key.bool("train.layer_norm"));
    keys.put("self_loops", Key.bool("train.self_loops"));
    keys.put("hops", Key.integer("train.hops").atLeast(1));
    keys.put("alpha", Key.number("train.alpha").must(v -> v >= 0 && v <= 1, "must be in [0, 1]"));
    keys.put("lambda", Key.number("train.lambda").greaterThan(0));
    keys.put("jk", Key.choice("train.jk", "concat", "max"));
    keys.put("feature_norm", Key.choice("train.feature_norm", "none", "row"));
    keys.put("optimizer", Key.choice("train.optimizer", "adam", "adamw", "sgd"));
    keys.put("lr", Key.number("train.lr").greaterThan(0));
    keys.put("weight_decay", Key.number("train.weight_decay").atLeast(0));
    keys.put("conv_weight_decay", Key.number("train.conv_weight_decay").atLeast(0));
    keys.put("decay_scope", Key.choice("train.decay_scope", "first", "all"));
    keys.put(
        "momentum", Key.number("train.momentum").must(v -> v >= 0 && v < 1, "must be in [0, 1)"));
    keys.put("schedule", Key.choice("train.schedule", "constant", "step", "cosine", "plateau"));
    keys.put("warmup_epochs", Key.integer("train.warmup_epochs").atLeast(0));
    keys.put("step_epochs", Key.integer("train.step_epochs").atLeast(1));
    keys.put(
        "decay_factor",
        Key.number("train.decay_factor").must(v -> v > 0 && v <= 1, "must be in (0, 1]"));
    keys.put("clip_norm", Key.number("train.clip_norm").atLeast(0));
    for (String share : new String[] {"drop_edge", "feature_mask", "drop_node"}) {
      keys.put(share, Key.number("train." + share).must(v -> v >= 0 && v < 1, "must be in [0, 1)"));
    }
    keys.put("pretrain", Key.choice("train.pretrain", "none", "contrastive", "masked"));
    keys.put("pretrain_epochs", Key.integer("train.pretrain_epochs").atLeast(1));
    keys.put("pretrain_lr", Key.number("train.pretrain_lr").greaterThan(0));
    keys.put("temperature", Key.number("train.temperature").greaterThan(0));
    keys.put(
        "mask_rate", Key.number("train.mask_rate").must(v -> v > 0 && v < 1, "must be in (0, 1)"));
    for (String share : new String[] {"view_drop_edge", "view_feature_mask"}) {
      keys.put(share, Key.number("train." + share).must(v -> v >= 0 && v < 1, "must be in [0, 1)"));
    }
    keys.put("freeze_encoder", Key.bool("train.freeze_encoder"));
    keys.put("epochs", Key.integer("train.epochs").atLeast(1));
    keys.put("patience", Key.integer("train.patience").atLeast(1));
    keys.put("batching", Key.choice("train.batching", "full", "neighbors", "subgraph", "auto"));
    keys.put("batch_size", Key.integer("train.batch_size").atLeast(1));
    keys.put(
        "fanouts",
        Key.text("train.fanouts")
            .must(
                TrainParameters::isFanouts,
                "must list one fan-out per hop, each >= 1 or -1 (all), e.g. '15,10'"));
    keys.put("walk_length", Key.integer("train.walk_length").atLeast(1));
    keys.put("sample_coverage", Key.integer("train.sample_coverage").atLeast(0));
    keys.put("memory_budget_mb", Key.integer("train.memory_budget_mb").atLeast(1));
    return keys;
  }

  /** Sets one parameter, already typed by its key (a number, a boolean or a lower-case name). */
  public static Builder apply(Builder b, String name, Object value) {
    return switch (name) {
      case "model" -> b.model(TrainSettings.ModelKind.valueOf(upper(value)));
      case "layers" -> b.layers(integer(value));
      case "hidden" -> b.hidden(integer(value));
      case "heads" -> b.heads(integer(value));
      case "output_heads" -> b.outputHeads(integer(value));
      case "dropout" -> b.dropout(number(value));
      case "attention_dropout" -> b.attentionDropout(number(value));
      case "activation" -> b.activation(TrainSettings.Activation.valueOf(upper(value)));
      case "residual" -> b.residual(bool(value));
      case "layer_norm" -> b.layerNorm(bool(value));
      case "self_loops" -> b.selfLoops(bool(value));
      case "hops" -> b.hops(integer(value));
      case "alpha" -> b.alpha(number(value));
      case "lambda" -> b.lambda(number(value));
      case "jk" -> b.jumpingKnowledge(TrainSettings.JumpingKnowledge.valueOf(upper(value)));
      case "feature_norm" -> b.featureNorm(TrainSettings.FeatureNorm.valueOf(upper(value)));
      case "optimizer" -> b.optimizer(TrainSettings.OptimizerKind.valueOf(upper(value)));
      case "lr" -> b.learningRate(number(value));
      case "weight_decay" -> b.weightDecay(number(value));
      case "conv_weight_decay" -> b.convWeightDecay(number(value));
      case "decay_scope" -> b.decayScope(TrainSettings.DecayScope.valueOf(upper(value)));
      case "momentum" -> b.momentum(number(value));
      case "schedule" -> b.schedule(TrainSettings.Schedule.valueOf(upper(value)));
      case "warmup_epochs" -> b.warmupEpochs(integer(value));
      case "step_epochs" -> b.stepEpochs(integer(value));
      case "decay_factor" -> b.decayFactor(number(value));
      case "clip_norm" -> b.clipNorm(number(value));
      case "drop_edge" -> b.dropEdge(number(value));
      case "feature_mask" -> b.featureMask(number(value));
      case "drop_node" -> b.dropNode(number(value));
      case "pretrain" -> b.pretrain(TrainSettings.Pretrain.valueOf(upper(value)));
      case "pretrain_epochs" -> b.pretrainEpochs(integer(value));
      case "pretrain_lr" -> b.pretrainLr(number(value));
      case "temperature" -> b.temperature(number(value));
      case "mask_rate" -> b.maskRate(number(value));
      case "view_drop_edge" -> b.viewDropEdge(number(value));
      case "view_feature_mask" -> b.viewFeatureMask(number(value));
      case "freeze_encoder" -> b.freezeEncoder(bool(value));
      case "epochs" -> b.epochs(integer(value));
      case "patience" -> b.patience(integer(value));
      case "batching" -> b.batching(TrainSettings.Batching.valueOf(upper(value)));
      case "batch_size" -> b.batchSize(integer(value));
      case "fanouts" -> b.fanouts(fanouts(value.toString()));
      case "walk_length" -> b.walkLength(integer(value));
      case "sample_coverage" -> b.sampleCoverage(integer(value));
      case "memory_budget_mb" -> b.memoryBudgetMb(integer(value));
      default ->
          throw new IllegalArgumentException(
              "'" + name + "' is not a training parameter; known: " + KEYS.keySet());
    };
  }

  /**
   * Every tunable parameter of {@code settings} as the text a YAML file would give it (names in
   * lower case): a saved model's description, read back by {@link #parse}.
   */
  public static Map<String, String> describe(TrainSettings s) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("model", s.model());
    values.put("layers", s.layers());
    values.put("hidden", s.hidden());
    values.put("heads", s.heads());
    values.put("output_heads", s.outputHeads());
    values.put("dropout", s.dropout());
    values.put("attention_dropout", s.attentionDropout());
    values.put("activation", s.activation());
    values.put("residual", s.residual());
    values.put("layer_norm", s.layerNorm());
    values.put("self_loops", s.selfLoops());
    values.put("hops", s.hops());
    values.put("alpha", s.alpha());
    values.put("lambda", s.lambda());
    values.put("jk", s.jumpingKnowledge());
    values.put("feature_norm", s.featureNorm());
    values.put("optimizer", s.optimizer());
    values.put("lr", s.learningRate());
    values.put("weight_decay", s.weightDecay());
    values.put("conv_weight_decay", s.convWeightDecay());
    values.put("decay_scope", s.decayScope());
    values.put("momentum", s.momentum());
    values.put("schedule", s.schedule());
    values.put("warmup_epochs", s.warmupEpochs());
    values.put("step_epochs", s.stepEpochs());
    values.put("decay_factor", s.decayFactor());
    values.put("clip_norm", s.clipNorm());
    values.put("drop_edge", s.dropEdge());
    values.put("feature_mask", s.featureMask());
    values.put("drop_node", s.dropNode());
    values.put("pretrain", s.pretrain());
    values.put("pretrain_epochs", s.pretrainEpochs());
    values.put("pretrain_lr", s.pretrainLr());
    values.put("temperature", s.temperature());
    values.put("mask_rate", s.maskRate());
    values.put("view_drop_edge", s.viewDropEdge());
    values.put("view_feature_mask", s.viewFeatureMask());
    values.put("freeze_encoder", s.freezeEncoder());
    values.put("epochs", s.epochs());
    values.put("patience", s.patience());
    values.put("batching", s.batching());
    values.put("batch_size", s.batchSize());
    values.put("fanouts", String.join(",", s.fanouts().stream().map(String::valueOf).toList()));
    values.put("walk_length", s.walkLength());
    values.put("sample_coverage", s.sampleCoverage());
    values.put("memory_budget_mb", s.memoryBudgetMb());
    if (!values.keySet().equals(KEYS.keySet())) {
      throw new IllegalStateException("describe() misses parameters: " + KEYS.keySet());
    }
    Map<String, String> text = new LinkedHashMap<>();
    values.forEach(
        (name, value) ->
            text.put(
                name,
                value instanceof Enum<?> e
                    ? e.name().toLowerCase(Locale.ROOT)
                    : String.valueOf(value)));
    return text;
  }

  /**
   * Settings from {@link #describe}'s text over the builder's defaults; each value is checked by
   * its key, and a bad one is reported with {@code source} (the file it came from).
   */
  public static TrainSettings.Builder parse(Map<String, String> text, String source) {
    TrainSettings.Builder settings = TrainSettings.builder();
    text.forEach(
        (name, value) -> {
          Key<?> key = KEYS.get(name);
          if (key == null) {
            throw new ConfigException(
                "'"
                    + name
                    + "' is not a training parameter ("
                    + source
                    + "); known: "
                    + KEYS.keySet());
          }
          apply(settings, name, key.parse(new Setting(key.name(), value, new Origin(source, 0))));
        });
    return settings;
  }

  /** Fan-outs per hop as text, {@code 15,10}: each >= 1, or -1 for every neighbour. */
  static List<Integer> fanouts(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  private static boolean isFanouts(String text) {
    try {
      List<Integer> hops = fanouts(text);
      return !hops.isEmpty() && hops.stream().allMatch(f -> f >= 1 || f == -1);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String upper(Object value) {
    return String.valueOf(value).toUpperCase(Locale.ROOT);
  }

  private static int integer(Object value) {
    return ((Number) value).intValue();
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static boolean bool(Object value) {
    return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
  }
}
