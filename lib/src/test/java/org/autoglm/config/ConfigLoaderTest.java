package org.autoglm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.config.ConfigLoader.Layer;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.TpeSampler;
import org.autoglm.search.space.Condition;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.train.TrainSettings;
import org.autoglm.train.TrainSettings.ModelKind;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static ExperimentConfig load(String yaml, String... overrides) {
    return ConfigLoader.load("dev", new Layer("exp.yaml", yaml), List.of(overrides));
  }

  private static String problem(String yaml, String... overrides) {
    try {
      load(yaml, overrides);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a configuration error");
  }

  @Test
  void shippedExperimentsLoad() throws IOException {
    Path experiments = Path.of("..", "conf", "experiments");
    ExperimentConfig quickstart = load(Files.readString(experiments.resolve("quickstart.yaml")));
    assertThat(quickstart.study().name()).isEqualTo("quickstart");
    assertThat(quickstart.search().trials()).isEqualTo(12);
    assertThat(quickstart.search().space().parameters())
        .extracting(Parameter::name)
        .containsExactly("lr", "hidden", "dropout", "weight_decay");

    ExperimentConfig cora =
        load(Files.readString(experiments.resolve("cora.yaml")), "data.path=/data/cora");
    assertThat(cora.data().source()).isEqualTo(ExperimentConfig.DataConfig.Source.LINQS);
    assertThat(cora.search().space().parameters())
        .containsExactly(
            new Parameter.Fixed("hidden", 16),
            new Parameter.Fixed("dropout", 0.5),
            new Parameter.Fixed("lr", 0.01),
            new Parameter.Fixed("weight_decay", 5e-4));
  }

  @Test
  void layersOverrideInOrderAndSetWins() {
    ExperimentConfig config = load("search:\n  trials: 7\n", "search.trials=9", "train.epochs=70");
    assertThat(config.search().trials()).isEqualTo(9);
    assertThat(config.train().defaults().epochs()).isEqualTo(70);
    assertThat(config.train().defaults().hidden()).isEqualTo(16); // from defaults.yaml
    assertThat(config.output().path()).isEqualTo("autoglm-output"); // from env/dev.yaml
  }

  @Test
  void theStudentIsTrainedAsDistillStudentSaysOverTheDefaultsAndMustNeedNoGraph() {
    ExperimentConfig config =
        load("search: {distill: true}\ndistill: {alpha: 0.5, student: {hidden: 64}}\n");
    assertThat(config.distill().enabled()).isTrue();
    assertThat(config.distill().recipes()).hasSize(1);
    ExperimentConfig.DistillConfig.Recipe recipe = config.distill().recipes().get(0);
    assertThat(recipe.alpha()).isEqualTo(0.5);
    assertThat(recipe.temperature()).isEqualTo(0.5); // defaults.yaml
    assertThat(recipe.student().model()).isEqualTo(ModelKind.MLP); // defaults.yaml
    assertThat(recipe.student().hidden()).isEqualTo(64);
    assertThat(recipe.student().epochs()).isEqualTo(500);
    assertThatThrownBy(() -> load("distill: {student: {model: gcn}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'distill.student.model' is gcn")
        .hasMessageContaining("set it to mlp");
    assertThatThrownBy(() -> load("distill: {student: {dropout: 1.5}}\n"))
        .hasMessageContaining("distill.student.dropout");
    assertThatThrownBy(() -> load("distill: {alpha: 2}\n")).hasMessageContaining("distill.alpha");
  }

  @Test
  void listsTuneTheStudentEveryCombinationARecipeEachValueChecked() {
    List<ExperimentConfig.DistillConfig.Recipe> recipes =
        load("distill: {alpha: [0.1, 0.5], student: {weight_decay: [5.0e-5, 5.0e-4],"
                + " hidden: 128}}\n")
            .distill()
            .recipes();
    assertThat(recipes)
        .extracting(r -> r.alpha() + "/" + r.student().weightDecay() + "/" + r.student().hidden())
        .containsExactly("0.1/5.0E-5/128", "0.5/5.0E-5/128", "0.1/5.0E-4/128", "0.5/5.0E-4/128");
    assertThatThrownBy(() -> load("distill: {student: {dropout: [0.5, 1.5]}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("distill.student.dropout")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> load("distill: {temperature: []}\n"))
        .hasMessageContaining("'distill.temperature' is an empty list");
  }

  @Test
  void experimentSpaceReplacesDefaultSpace() {
    ExperimentConfig config = load("search:\n  space:\n    hidden: 32\n");
    assertThat(config.search().space().parameters())
        .containsExactly(new Parameter.Fixed("hidden", 32));
  }

  @Test
  void spaceAutoIsTheBuiltInSpaceWithEveryModelFamily() {
    ExperimentConfig config = load("search:\n  space: auto\n");
    SearchSpace space = config.search().space();
    Parameter.Categorical model = (Parameter.Categorical) space.parameter("model");
    assertThat(model.choices())
        .containsExactlyInAnyOrder("gcn", "gat", "sage", "appnp", "gcnii", "jknet");
    assertThat(space.parameters())
        .extracting(Parameter::name)
        .contains("lr", "dropout", "drop_edge", "alpha", "lambda", "hops", "jk", "heads");
    // Every draw is a valid training configuration.
    for (int i = 0; i < 200; i++) {
      Map<String, Object> params = space.sample(new SplittableRandom(i));
      TrainSettings.Builder settings = config.train().defaults().toBuilder();
      params.forEach(settings::set);
      assertThat(settings.build().epochs()).isEqualTo(500);
    }
    // Pruners' full resource is the space's fixed epochs, not train.epochs.
    assertThat(config.fullEpochs()).isEqualTo(500);
    assertThat(load("").fullEpochs()).isEqualTo(200);
    assertThat(load("", "search.space=auto").search().space().parameters())
        .isEqualTo(space.parameters());
    assertThat(problem("search:\n  space: atuo\n"))
        .isEqualTo(
            "'search.space' is 'atuo' but must be a map of parameters or 'auto' (the built-in"
                + " space of conf/spaces/auto.yaml) (exp.yaml:2)");
  }

  @Test
  void spaceAutoStartsFromEachFamilysPublishedSettingsUnlessTheUserNamesOthers() {
    ExperimentConfig config = load("search:\n  space: auto\n");
    List<Map<String, Object>> initial = config.search().initial();
    assertThat(initial)
        .extracting(c -> c.get("model"))
        .containsExactly("gcnii", "appnp", "gat", "gcn", "jknet", "sage");
    assertThat(initial.get(0))
        .containsEntry("layers", 16)
        .containsEntry("lr", 0.01)
        .containsEntry("decay_scope", "all");
    SearchSpace space = config.search().space();
    for (Map<String, Object> configuration : initial) {
      // Complete: every tuned parameter active there is given, so no draw alters a paper's setting.
      Map<String, Object> resolved =
          space.resolve(configuration, space.sampleAll(new SplittableRandom(1)));
      assertThat(resolved).containsAllEntriesOf(configuration);
      assertThat(resolved.keySet())
          .hasSize(configuration.size() + 2)
          .contains("epochs", "patience");
    }

    assertThat(load("search:\n  space: auto\n  initial: none\n").search().initial()).isEmpty();
    assertThat(load("search:\n  space: auto\n", "search.initial=none").search().initial())
        .isEmpty();
    List<Map<String, Object>> own =
        load("search:\n  space: auto\n  initial:\n    mine: {model: gat, heads: 4}\n")
            .search()
            .initial();
    assertThat(own).containsExactly(Map.of("model", "gat", "heads", 4));
    assertThat(load("").search().initial()).isEmpty();
  }

  @Test
  void initialConfigurationsMustBePointsOfTheSpace() {
    String auto = "search:\n  space: auto\n  initial:\n";
    assertThat(problem(auto + "    fast: {model: gcn, lr: 0.5}\n"))
        .contains(
            "'search.initial.fast.lr' is 0.5 but the search space draws lr from [0.002, 0.05]"
                + " (exp.yaml:4)");
    assertThat(problem(auto + "    deep: {model: gcnii, layers: 12}\n"))
        .contains("draws layers from [8, 16] in steps of 8");
    assertThat(problem(auto + "    odd: {model: gcn, heads: 8}\n"))
        .contains(
            "'search.initial.odd.heads' is set but heads is not active in this configuration");
    assertThat(problem(auto + "    typo: {model: gcn, hiden: 8}\n"))
        .contains("'search.initial.typo.hiden' is not a parameter the search space tunes");
    assertThat(problem(auto + "    epochs: {epochs: 100}\n")).contains("'epochs' is fixed there");
    assertThat(problem("search:\n  initial: gcn\n"))
        .contains("'search.initial' is gcn but must be a map of named configurations");
    assertThat(problem(auto + "    flat: 3\n"))
        .contains("'search.initial.flat' must be a configuration, a map of parameters");
  }

  @Test
  void costAwarenessIsATpeSettingAndOtherSamplersRefuseIt() {
    assertThat(load("search: {sampler: tpe, cost_aware: true}").search().newSampler(1, 2))
        .isInstanceOf(TpeSampler.class);
    assertThat(problem("search: {sampler: gp, cost_aware: true}"))
        .contains(
            "'search.cost_aware' is true but search.sampler is gp: only tpe weighs a"
                + " configuration's predicted cost; set search.sampler=tpe or"
                + " search.cost_aware=false");
  }

  @Test
  void samplerPrunerAndConditionalSpaceComeFromYaml() {
    ExperimentConfig config =
        load(
            """
            search:
              sampler: tpe
              pruner: hyperband
              pruning: {min_resource: 5, eta: 3}
              space:
                feature_norm: {type: categorical, choices: [none, row]}
                dropout: {type: float, low: 0.1, high: 0.7, when: {feature_norm: row}}
                hidden: {type: int, low: 16, high: 128, step: 16}
            """);
    assertThat(config.search().newSampler(1, 2)).isInstanceOf(TpeSampler.class);
    assertThat(config.search().pruning().newPruner(200, 1))
        .isEqualTo(SuccessiveHalving.hyperband(5, 200, 3, 1));
    SearchSpace space = config.search().space();
    assertThat(space.conditions())
        .containsEntry("dropout", new Condition("feature_norm", List.of("row")));
    assertThat(space.parameter("hidden"))
        .isEqualTo(new Parameter.Int("hidden", 16, 128, false, 16));
  }

  @Test
  void aConditionOnAnUnknownParameterNamesTheLine() {
    assertThat(
            problem(
                """
                search:
                  space:
                    dropout: {type: float, low: 0.1, high: 0.7, when: {model: gat}}
                """))
        .isEqualTo(
            "'search.space.dropout.when' depends on 'model', which is not in the search space;"
                + " parameters: dropout (exp.yaml:3)");
  }

  @Test
  void anUnknownSamplerListsTheChoices() {
    assertThat(problem("search:\n  sampler: bayes\n"))
        .startsWith(
            "'search.sampler' is set to bayes but must be one of grid, random, sobol, tpe, gp,"
                + " cmaes, evolution, nsga2");
  }

  @Test
  void aStepOnAFloatIsRefused() {
    assertThat(
            problem("search:\n  space:\n    lr: {type: float, low: 0.001, high: 0.1, step: 2}\n"))
        .isEqualTo(
            "'search.space.lr.step' is set but 'lr' is a float; only int parameters take a step"
                + " (exp.yaml:3)");
  }

  @Test
  void outOfRangeValueNamesKeyValueRuleAndLine() {
    assertThat(problem("study:\n  name: x\nsearch:\n  trials: 0\n"))
        .isEqualTo("'search.trials' is set to 0 but must be >= 1 (exp.yaml:4)");
  }

  @Test
  void wrongTypeNamesTheExpectedType() {
    assertThat(problem("search:\n  trials: ten\n"))
        .isEqualTo("'search.trials' is set to ten but must be an integer (exp.yaml:2)");
  }

  @Test
  void misspelledKeySuggestsTheClosest() {
    assertThat(problem("search:\n  trails: 5\n"))
        .isEqualTo("unknown key 'search.trails' (exp.yaml:2); did you mean 'search.trials'?");
  }

  @Test
  void misspelledChoiceSuggestsTheClosest() {
    assertThat(problem("train:\n  model: gnc\n"))
        .isEqualTo(
            "'train.model' is set to gnc but must be one of gcn, sage, gat, sgc, mlp, appnp, gcnii, jknet (exp.yaml:2); did you mean 'gcn'?");
  }

  @Test
  void commandLineOverridesAreNamedAsSuch() {
    assertThat(problem("", "search.parallelism=-1"))
        .isEqualTo(
            "'search.parallelism' is set to -1 but must be >= 0 (--set search.parallelism=-1)");
    assertThat(problem("", "search.trials"))
        .isEqualTo("--set 'search.trials' must look like key=value, e.g. --set search.trials=10");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> load("search:\n  trials: 0\n  parallelism: -1\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2));
  }

  @Test
  void trialResourcesAreSchedulableAmounts() {
    ExperimentConfig config =
        load("resources:\n  trial: {cpus: 2, gpus: 0.25}\n  executor: {cores: 8, gpus: 2}\n");
    assertThat(config.resources())
        .isEqualTo(new ExperimentConfig.ResourcesConfig(2, 0.25, 8, 2, null));
    assertThat(config.resources().ownExecutors()).isTrue();
    assertThat(problem("resources:\n  trial: {gpus: 0.3}\n"))
        .isEqualTo(
            "'resources.trial.gpus' is set to 0.3 but must be 0, a whole number, or a share 1/k of"
                + " one GPU (0.5, 0.25, ...) (exp.yaml:2)");
    assertThat(problem("resources:\n  trial: {cpus: 4}\n  executor: {cores: 2}\n"))
        .isEqualTo(
            "'resources.executor.cores' is 2 but a trial needs resources.trial.cpus = 4; give"
                + " executors at least that many cores (exp.yaml:3)");
  }

  @Test
  void aSearchedKeySetOnTheCommandLineIsNotSilentlyOverridden() {
    assertThat(
            problem(
                "search:\n  space:\n    lr: {type: float, low: 0.001, high: 0.1}\n",
                "train.lr=0.05"))
        .isEqualTo(
            "'train.lr' is set on the command line (--set train.lr=0.05) but search.space tunes"
                + " 'lr', which every trial would use instead: to fix it for this run, set"
                + " search.space.lr=0.05; or leave it to the search");
    // A fixed value in the space is not searched: train.lr is only the default then.
    assertThat(
            load("search:\n  space:\n    lr: 0.02\n", "train.lr=0.05")
                .train()
                .defaults()
                .learningRate())
        .isEqualTo(0.05);
  }

  @Test
  void aMovedKeySaysWhereItWent() {
    assertThat(problem("train:\n  threads: 4\n"))
        .isEqualTo(
            "'train.threads' is now 'resources.trial.cpus': a trial's CPUs, which are also its"
                + " threads (exp.yaml:2)");
  }

  @Test
  void linqsNeedsAPath() {
    assertThat(problem("data:\n  source: linqs\n"))
        .isEqualTo(
            "'data.path' must be set when data.source is linqs, e.g. --set data.path=/data/cora"
                + " (conf/defaults.yaml:11)");
  }

  @Test
  void searchSpaceRulesNameTheParameter() {
    assertThat(problem("search:\n  space:\n    lr: {type: float, low: 0, high: 0.1}\n"))
        .isEqualTo("'search.space.lr.low' is set to 0 but must be > 0 (exp.yaml:3)");
    assertThat(
            problem(
                "search:\n  space:\n    weight_decay: {type: float, low: 0, high: 1, log: true}"))
        .isEqualTo(
            "'search.space.weight_decay' is log-scaled, so low must be > 0 (is 0.0) (exp.yaml:3)");
    assertThat(problem("search:\n  space:\n    lr: {type: float, low: 0.1, high: 0.01}\n"))
        .isEqualTo("'search.space.lr' has low 0.1 and high 0.01 but low < high (exp.yaml:3)");
    assertThat(problem("search:\n  space:\n    dropout: {type: float, low: 0.1, high: 1.5}\n"))
        .isEqualTo("'search.space.dropout.high' is set to 1.5 but must be in [0, 1) (exp.yaml:3)");
    assertThat(problem("search:\n  space:\n    hiden: 16\n"))
        .isEqualTo(
            "'search.space.hiden' is not a tunable parameter (exp.yaml:3); tunable: "
                + String.join(", ", TrainParameters.KEYS.keySet())
                + "; did you mean 'hidden'?");
    assertThat(problem("search:\n  space:\n    hidden: {type: float, low: 8, high: 64}\n"))
        .isEqualTo(
            "'search.space.hidden.type' is set to 'float' but 'hidden' must be searched as int"
                + " (exp.yaml:3)");
    assertThat(problem("search:\n  space:\n    lr: {type: float, low: 0.1}\n"))
        .isEqualTo("'search.space.lr.high' must be set (exp.yaml:3)");
  }

  @Test
  void unknownEnvironmentSuggestsOne() {
    assertThatThrownBy(() -> ConfigLoader.load("prd", new Layer("x", ""), List.of()))
        .hasMessage("environment 'prd' must be one of dev, test, prod; did you mean 'prod'?");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThat(problem("search:\n  trials: [1\n")).startsWith("invalid YAML (exp.yaml:3)");
  }

  @Test
  void hashIgnoresOutputPathButNotSettings() {
    String base = load("").hash();
    assertThat(load("", "output.path=/elsewhere").hash()).isEqualTo(base);
    assertThat(load("", "train.epochs=150").hash()).isNotEqualTo(base);
  }
}
