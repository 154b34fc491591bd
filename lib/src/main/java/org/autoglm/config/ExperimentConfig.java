package org.autoglm.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.autoglm.search.prune.MedianStopping;
import org.autoglm.search.prune.Pruner;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.search.sampler.TpeSampler;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.train.TrainSettings;

/**
 * A validated experiment: every section typed, plus the resolved settings and their hash for
 * provenance.
 *
 * @param resolved every setting's final value, by key, for provenance and {@code --explain}
 * @param hash SHA-256 prefix of the resolved settings that decide results (not output paths)
 */
public record ExperimentConfig(
    StudyConfig study,
    DataConfig data,
    CleanConfig clean,
    FeaturesConfig features,
    SplitConfig split,
    AugmentConfig augment,
    SearchConfig search,
    TrainConfig train,
    DistillConfig distill,
    ResourcesConfig resources,
    GateConfig gate,
    OutputConfig output,
    SortedMap<String, String> resolved,
    String hash)
    implements Serializable {

  /**
   * The most epochs a trial trains, the full resource for pruners: the search space's when it fixes
   * {@code epochs} (as {@code space: auto} does), else {@code train.epochs}.
   */
  public int fullEpochs() {
    return search.space().parameters().stream()
        .filter(p -> p instanceof Parameter.Fixed && p.name().equals("epochs"))
        .map(p -> ((Number) ((Parameter.Fixed) p).value()).intValue())
        .findFirst()
        .orElse(train.defaults().epochs());
  }

  /** The file formats a table of edges or nodes may be read from. */
  public static final List<String> TABLE_FORMATS = List.of("csv", "tsv", "jsonl", "parquet");

  /** The study's identity and root seed. */
  public record StudyConfig(String name, long seed) implements Serializable {}

  /**
   * Where the graph comes from.
   *
   * @param path linqs: the folder; edges and ntriples: an edge file or a folder of them
   * @param incremental read only files the manifest has not recorded as consumed
   */
  public record DataConfig(
      Source source,
      String path,
      String name,
      SyntheticConfig synthetic,
      EdgeListConfig edges,
      NodeTableConfig nodes,
      String labelPredicate,
      boolean incremental)
      implements Serializable {
    /** Graph sources. */
    public enum Source {
      SYNTHETIC,
      LINQS,
      EDGES,
      NTRIPLES
    }
  }

  /**
   * An edge list's format and columns: names, or 0-based positions when there is no header; null
   * optional columns are not read.
   *
   * @param numericIds ids must be integers; other ids are quarantined
   */
  public record EdgeListConfig(
      String format,
      boolean header,
      String src,
      String dst,
      String relation,
      String weight,
      String timestamp,
      boolean numericIds)
      implements Serializable {}

  /**
   * An optional node table beside an edge list or N-Triples file: ids, labels, features, split.
   *
   * @param path null when nodes come from the edges' endpoints (no features, no labels)
   * @param sparseFeatures features are {@code index:value} pairs, else dense values
   */
  public record NodeTableConfig(
      String path,
      String format,
      boolean header,
      String id,
      String label,
      String features,
      boolean sparseFeatures,
      String split)
      implements Serializable {}

  /**
   * The built-in contextual stochastic block model.
   *
   * @param avgDegree mean number of edges drawn per node
   * @param homophily probability that an edge joins two nodes of the same class
   * @param wordsPerNode active bag-of-words features per node
   * @param featureSignal share of a node's words drawn from its class's topic
   */
  public record SyntheticConfig(
      int nodes,
      int classes,
      int features,
      double avgDegree,
      double homophily,
      int wordsPerNode,
      double featureSignal,
      double trainFraction,
      double valFraction,
      int partitions)
      implements Serializable {}

  /**
   * Cleaning rules with a choice.
   *
   * @param missingFeatures {@code zero}, {@code mean} (column means) or {@code drop}
   * @param degreeZ flag nodes whose degree z-score exceeds this; 0 turns the rule off
   * @param normIqr flag nodes whose feature norm lies beyond this many IQRs outside the quartiles;
   *     0 turns the rule off
   * @param dropAnomalies quarantine flagged nodes instead of only flagging them
   * @param symmetrize add the missing reverse of every kept edge
   */
  public record CleanConfig(
      boolean dropSelfLoops,
      String missingFeatures,
      double degreeZ,
      double normIqr,
      double nearDuplicateJaccard,
      boolean dropAnomalies,
      boolean symmetrize)
      implements Serializable {}

  /**
   * The MLlib feature pipeline fitted on the clean nodes before the snapshot; empty: none.
   *
   * @param pipeline its steps in order
   */
  public record FeaturesConfig(List<FeatureStep> pipeline) implements Serializable {
    public boolean isEmpty() {
      return pipeline.isEmpty();
    }
  }

  /**
   * Augmented views of the clean graph; rates are probabilities per node, edge or feature.
   *
   * @param views how many views to write; 0 skips the stage
   * @param edgeAdd random edges added per existing edge
   * @param maskEntries mask single (node, feature) entries rather than whole feature columns
   * @param centres share of nodes whose sampled subgraphs form the view; 0 keeps the whole graph
   * @param randomWalks sample by random walks with restart from each centre, not k-hop ego nets
   * @param hops ego-net radius
   * @param walks random walks per centre, each {@code walkLength} steps
   * @param restart probability a walk's step jumps back to its centre
   */
  public record AugmentConfig(
      int views,
      double nodeDrop,
      double edgeDrop,
      double edgeAdd,
      double featureMask,
      boolean maskEntries,
      double centres,
      boolean randomWalks,
      int hops,
      int walks,
      int walkLength,
      double restart)
      implements Serializable {}

  /**
   * How nodes are split into train, val and test.
   *
   * @param method {@code given} (the source's), {@code planetoid} or {@code random}
   */
  public record SplitConfig(
      String method, int perClass, int val, int test, double trainFraction, double valFraction)
      implements Serializable {}

  /**
   * How trials are chosen and scheduled.
   *
   * @param parallelism the most trials in flight at once; 0 lets the resources decide
   * @param waves start trials in waves that wait for their slowest (deterministic order), instead
   *     of starting the next trial as soon as one ends
   * @param warmStart how many of the best configurations of the study's earlier completed runs to
   *     evaluate first (their trials are told to the sampler); 0 starts cold
   * @param costAware tpe weighs each candidate's predicted training cost ({@code
   *     search.cost_aware})
   * @param reevaluate the best configurations trained again before one is chosen
   * @param ensemble how many of the best configurations to soft-vote; 0 for none
   * @param initial configurations to try first, in order ({@code search.initial}); each may leave
   *     active parameters out, to be drawn from their priors
   */
  public record SearchConfig(
      String sampler,
      int trials,
      int parallelism,
      boolean waves,
      int warmStart,
      boolean minimizeTrainSeconds,
      boolean costAware,
      SearchSpace space,
      int gridPoints,
      PruningConfig pruning,
      Reevaluation reevaluate,
      int ensemble,
      List<Map<String, Object>> initial)
      implements Serializable {
    /** The configured sampler, seeded with the study seed, for {@code slots} trials at once. */
    public Sampler newSampler(long seed, int slots) {
      return costAware
          ? new TpeSampler(seed, true)
          : Samplers.named(sampler, seed, gridPoints, slots);
    }
  }

  /**
   * Distillation of the study's model into a student that scores nodes without the graph ({@code
   * search.distill}, {@code distill.*}). A key given as a list is tuned: every combination is a
   * recipe, and the one whose student scores best on the validation split is kept.
   *
   * @param enabled whether the run distils its chosen model
   * @param recipes the combinations to try, in the order the lists give them; one when no key is a
   *     list
   */
  public record DistillConfig(boolean enabled, List<Recipe> recipes) implements Serializable {
    public DistillConfig {
      recipes = List.copyOf(recipes);
    }

    /**
     * One way to teach the student.
     *
     * @param alpha the labels' share of the student's loss; the rest is the teacher's probabilities
     * @param temperature T in the teacher's term: above 1 softens teacher and student, below 1
     *     sharpens them
     * @param student the student's training settings: {@code distill.student.*} over the defaults
     *     (its metric is {@code train.metric})
     */
    public record Recipe(double alpha, double temperature, TrainSettings student)
        implements Serializable {}
  }

  /**
   * Re-evaluation of the best configurations before one is chosen ({@code search.reevaluate}).
   *
   * @param top how many of the best configurations are trained again; 0 turns it off
   * @param seeds how many more seeds each is trained with
   */
  public record Reevaluation(int top, int seeds) implements Serializable {
    /** The trials it takes out of the budget. */
    public int runs() {
      return top * seeds;
    }
  }

  /**
   * How trials are stopped early. Resources are epochs; the full resource is {@code train.epochs}.
   *
   * @param pruner {@code none}, {@code median}, {@code sha} or {@code hyperband}
   */
  public record PruningConfig(
      String pruner, int minResource, int eta, int warmupSteps, int startupTrials)
      implements Serializable {
    public Pruner newPruner(int maxResource, long seed) {
      return switch (pruner) {
        case "median" -> new MedianStopping(startupTrials, warmupSteps);
        case "sha" -> SuccessiveHalving.of(minResource, maxResource, eta, seed);
        case "hyperband" -> SuccessiveHalving.hyperband(minResource, maxResource, eta, seed);
        default -> Pruner.NONE;
      };
    }
  }

  /**
   * Training defaults; a search space overrides any of them per trial by name.
   *
   * @param defaults every {@code train.*} parameter (seed, threads and device are set per trial)
   * @param device {@code auto} (a task's GPU when it has one), {@code cpu} or {@code gpu}
   * @param baseline also fit the graph-free logistic-regression baseline
   */
  public record TrainConfig(TrainSettings defaults, String device, boolean baseline)
      implements Serializable {}

  /**
   * What one trial takes from the cluster: the trial stage's Spark resource profile. Data stages
   * keep the session's default profile.
   *
   * @param trialCpus CPUs per trial task, and the trial's intra-op threads
   * @param trialGpus GPUs per trial task; a share 1/k lets k trials use one GPU
   * @param executorCores 0 runs trials on the session's executors; else executors of their own with
   *     this many cores (YARN and Kubernetes with dynamic allocation)
   * @param executorGpus GPUs of those executors
   * @param executorMemory heap of those executors, e.g. {@code 8g}; null for the session's
   */
  public record ResourcesConfig(
      int trialCpus, double trialGpus, int executorCores, int executorGpus, String executorMemory)
      implements Serializable {
    /** Spark schedules whole GPUs, or shares 1/k of one. */
    public static boolean isSchedulableGpuAmount(double gpus) {
      if (gpus == 0 || gpus == Math.rint(gpus)) {
        return gpus >= 0;
      }
      double share = 1 / gpus;
      return gpus > 0 && gpus <= 0.5 && Math.abs(share - Math.rint(share)) < 1e-9;
    }

    /** Do trials ask for executors of their own (not only task resources)? */
    public boolean ownExecutors() {
      return executorCores > 0 || executorGpus > 0 || executorMemory != null;
    }
  }

  /**
   * The regression gate: a run's chosen model against the study's earlier completed runs.
   *
   * @param metric the chosen model's column compared, e.g. {@code val_score}
   * @param bestOfLast compare with the best of the last {@code lastN} runs, not the last one
   * @param tolerance how far below the baseline still passes
   */
  public record GateConfig(String metric, boolean bestOfLast, int lastN, double tolerance)
      implements Serializable {}

  /**
   * Where tables are written.
   *
   * @param heartbeatSeconds how often a running run says so in the runs table; three missed beats
   *     and readers see it as aborted
   */
  /**
   * Where results go and what is written there.
   *
   * @param trialEpochs write what every epoch measured to {@code trial_epochs}
   * @param reportSeconds rewrite the live HTML report at most this often while a run trains (0:
   *     only when it ends)
   */
  public record OutputConfig(
      String path, int heartbeatSeconds, boolean trialEpochs, int reportSeconds)
      implements Serializable {}
}
