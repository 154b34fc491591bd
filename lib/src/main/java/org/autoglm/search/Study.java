package org.autoglm.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.autoglm.random.Seeds;
import org.autoglm.search.prune.Promotion;
import org.autoglm.search.prune.Pruner;
import org.autoglm.search.prune.StopRule;
import org.autoglm.search.sampler.History;
import org.autoglm.search.sampler.Observation;
import org.autoglm.search.sampler.RandomSampler;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.Pareto;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;

/**
 * Ask/tell over a budget of trials. {@link #ask} hands out work — promotions of paused trials
 * first, then new trials from the sampler — and {@link #tell} records how each run ended. Failed
 * trials are recorded like any other and never stop the study.
 *
 * <p>With re-evaluation ({@link Builder#reevaluate}), the last {@code top × seeds} trials of the
 * budget are not sampled: once every searched trial has ended, the {@code top} best configurations
 * are trained again, each with {@code seeds} new seeds, and {@link #best} picks the configuration
 * with the best mean over its runs — one validation score on one seed is a noisy pick.
 *
 * <p>A study's state is its list of {@link Trial}s: {@link #rebuild} restores a study from the
 * trials a previous run recorded, and the same seed then gives the same suggestions.
 *
 * <p>Not thread-safe: one driver asks and tells.
 */
public final class Study {
  private final SearchSpace space;
  private final Sampler sampler;
  private final Pruner pruner;
  private final List<Objective> objectives;
  private final long seed;
  private final int budget;
  private final List<FirstTrial> first;
  private final List<Observation> priors;
  private final List<Map<String, Object>> initial;
  private final int reevaluateTop;
  private final int reevaluateSeeds;

  /** Trials before this id are searched; from it on they re-evaluate. */
  private final int searchBudget;

  /** The configurations re-evaluated, best first; fixed once every searched trial has ended. */
  private List<Integer> reevaluated;

  private final Map<Integer, Trial> trials = new LinkedHashMap<>();
  // The cap each running trial was given: stopping below it means it converged, not paused.
  private final Map<Integer, Integer> runResource = new HashMap<>();
  // Re-evaluation run → the searched trial whose configuration it trains again.
  private final Map<Integer, Integer> reevaluationOf = new HashMap<>();
  private int nextTrialId;

  private Study(Builder b) {
    this.space = b.space;
    this.sampler = b.sampler;
    this.pruner = b.pruner;
    this.objectives = List.copyOf(b.objectives);
    this.seed = b.seed;
    this.first = List.copyOf(b.first);
    this.priors = List.copyOf(b.priors);
    this.initial = List.copyOf(b.initial);
    this.reevaluateTop = b.reevaluateTop;
    this.reevaluateSeeds = b.reevaluateSeeds;
    int reevaluations = reevaluateTop * reevaluateSeeds;
    if (reevaluations >= b.budget) {
      throw new IllegalArgumentException(
          "re-evaluating "
              + reevaluateTop
              + " configurations with "
              + reevaluateSeeds
              + " seeds takes "
              + reevaluations
              + " of the "
              + b.budget
              + " trials, leaving none to search; raise the budget or re-evaluate fewer");
    }
    OptionalInt capacity = sampler.capacity(space);
    int searched = b.budget - reevaluations;
    this.searchBudget = capacity.isPresent() ? Math.min(searched, capacity.getAsInt()) : searched;
    this.budget = searchBudget + reevaluations;
    if (objectives.size() > 1 && !sampler.isMultiObjective()) {
      throw new IllegalArgumentException(
          "the study has "
              + objectives.size()
              + " objectives but sampler "
              + sampler.getClass().getSimpleName()
              + " optimises one; use nsga2, random, sobol or grid");
    }
  }

  public static Builder builder(SearchSpace space) {
    return new Builder(space);
  }

  /** Restores a study from the trials a previous run recorded; running ones are forgotten. */
  public static Study rebuild(Builder builder, List<Trial> recorded) {
    Study study = builder.build();
    recorded.stream()
        .filter(t -> t.state() != TrialState.RUNNING)
        .sorted(Comparator.comparingInt(Trial::trialId))
        .forEach(t -> study.trials.put(t.trialId(), t));
    study.nextTrialId = recorded.stream().mapToInt(Trial::trialId).max().orElse(-1) + 1;
    if (study.nextTrialId > study.searchBudget) {
      // Re-evaluation had begun: the searched trials give the same plan again.
      study.trials.keySet().removeIf(id -> id >= study.searchBudget);
      study.reevaluated = study.rankedConfigurations();
      for (Trial t : recorded) {
        int index = t.trialId() - study.searchBudget;
        if (index >= 0 && t.state() != TrialState.RUNNING) {
          study.reevaluationOf.put(
              t.trialId(), study.reevaluated.get(index / study.reevaluateSeeds));
          study.trials.put(t.trialId(), t);
        }
      }
    }
    return study;
  }

  /**
   * Up to {@code n} runs to start now: promotions first, then new trials while the budget lasts.
   * Fewer (or none) when the rest must wait for running trials.
   */
  public List<TrialSpec> ask(int n) {
    List<TrialSpec> specs = new ArrayList<>();
    History history = null;
    List<Map<String, Object>> pending = new ArrayList<>();
    // Complete trials, all a rule may depend on, do not change while one ask hands out runs.
    StopRule rule = pruner.stopRule(searchedTrials(), direction());
    while (specs.size() < n) {
      Optional<Promotion> promotion = pruner.promotion(searchedTrials(), direction());
      if (promotion.isPresent()) {
        Promotion p = promotion.get();
        Trial paused = trials.get(p.trialId());
        trials.put(p.trialId(), with(paused, TrialState.RUNNING, paused.values(), paused.step()));
        specs.add(spec(p.trialId(), paused.params(), p.toResource(), p.fromStep(), rule));
        continue;
      }
      if (nextTrialId >= searchBudget) {
        TrialSpec again = reevaluation();
        if (again == null) {
          break;
        }
        specs.add(again);
        continue;
      }
      if (history == null) {
        history = history();
        pending.addAll(history.pending());
      }
      int id = nextTrialId++;
      Map<String, Object> params =
          id < first.size()
              ? first.get(id).params()
              : id < first.size() + initial.size()
                  ? initialTrial(id)
                  : sampler.suggest(space, new History(history.observations(), pending), id);
      pending.add(params);
      trials.put(
          id, new Trial(id, params, TrialState.RUNNING, List.of(), 0, new TreeMap<>(), Double.NaN));
      specs.add(spec(id, params, pruner.firstResource(id), 0, rule));
    }
    return specs;
  }

  /** An initial configuration, its missing parameters drawn from the space's priors. */
  private Map<String, Object> initialTrial(int id) {
    SplittableRandom fill = new SplittableRandom(Seeds.mix(~seed, id));
    return space.resolve(initial.get(id - first.size()), space.sampleAll(fill));
  }

  private TrialSpec spec(
      int id, Map<String, Object> params, int resource, int resumeFrom, StopRule rule) {
    runResource.put(id, resource);
    return new TrialSpec(id, params, seedOf(id), resource, resumeFrom, rule);
  }

  private long seedOf(int searchedId) {
    return searchedId < first.size() ? first.get(searchedId).seed() : Seeds.mix(seed, searchedId);
  }

  /**
   * The next re-evaluation run, or null while searched trials still run (or may be promoted) and
   * when all are handed out. Each runs in full, unpruned, with a seed derived from its
   * configuration's trial seed and the repeat.
   */
  private TrialSpec reevaluation() {
    if (plan() == null || nextTrialId >= reevaluationEnd()) {
      return null;
    }
    int index = nextTrialId - searchBudget;
    int original = reevaluated.get(index / reevaluateSeeds);
    int repeat = index % reevaluateSeeds + 1;
    int id = nextTrialId++;
    Trial configuration = trials.get(original);
    trials.put(
        id,
        new Trial(
            id,
            configuration.params(),
            TrialState.RUNNING,
            List.of(),
            0,
            new TreeMap<>(),
            Double.NaN));
    reevaluationOf.put(id, original);
    runResource.put(id, 0);
    return new TrialSpec(
        id,
        configuration.params(),
        Seeds.mix(seedOf(original), repeat),
        0,
        0,
        StopRule.NEVER,
        original);
  }

  /**
   * The configurations to re-evaluate, fixed the first time it is asked once every searched trial
   * has ended; null before.
   */
  private List<Integer> plan() {
    if (reevaluated == null) {
      boolean searching =
          searchedTrials().stream().anyMatch(t -> t.state() == TrialState.RUNNING)
              || nextTrialId < searchBudget
              || pruner.promotion(searchedTrials(), direction()).isPresent();
      if (!searching) {
        reevaluated = rankedConfigurations();
      }
    }
    return reevaluated;
  }

  /** The trial id after the last run to start: fewer re-evaluations when fewer trials completed. */
  private int reevaluationEnd() {
    return reevaluated == null ? budget : searchBudget + reevaluated.size() * reevaluateSeeds;
  }

  /** The best {@code top} complete searched trials, one per distinct configuration, best first. */
  private List<Integer> rankedConfigurations() {
    return bestDistinct(reevaluateTop);
  }

  /**
   * The best {@code limit} complete searched trials by the first objective (ties: lower id), one
   * per distinct configuration.
   */
  private List<Integer> bestDistinct(int limit) {
    Direction d = direction();
    List<Integer> ranked = new ArrayList<>();
    List<Map<String, Object>> seen = new ArrayList<>();
    searchedTrials().stream()
        .filter(t -> t.state() == TrialState.COMPLETE)
        .sorted(
            Comparator.comparingDouble((Trial t) -> d.toLoss(t.value()))
                .thenComparingInt(Trial::trialId))
        .forEach(
            t -> {
              if (ranked.size() < limit && !seen.contains(t.params())) {
                ranked.add(t.trialId());
                seen.add(t.params());
              }
            });
    return List.copyOf(ranked);
  }

  /**
   * Records how a run ended. A run that reports a NaN or infinite objective value is recorded as
   * failed: samplers and pruners learn nothing from it (non-finite intermediate values are left out
   * of its curve too).
   */
  public void tell(Outcome outcome) {
    Trial trial = trials.get(outcome.trialId());
    if (trial == null || trial.state() != TrialState.RUNNING) {
      throw new IllegalStateException(
          "trial " + outcome.trialId() + " is not running; it is " + describe(trial));
    }
    if (outcome.kind() != Outcome.Kind.FAILED && outcome.values().size() != objectives.size()) {
      throw new IllegalArgumentException(
          "trial "
              + outcome.trialId()
              + " reported "
              + outcome.values().size()
              + " values for "
              + objectives.size()
              + " objectives");
    }
    // NaN or infinite: nothing a sampler can model (one NaN makes every standardised value NaN);
    // the trial failed, as a trial whose objective cannot be computed does.
    boolean finite = outcome.values().stream().allMatch(Double::isFinite);
    TrialState state =
        switch (finite ? outcome.kind() : Outcome.Kind.FAILED) {
          case FAILED -> TrialState.FAILED;
          case PRUNED -> TrialState.PRUNED;
          case FINISHED ->
              !reevaluationOf.containsKey(trial.trialId())
                      && pruner.isRung(outcome.step())
                      && outcome.step() >= runResource.getOrDefault(trial.trialId(), 0)
                  ? TrialState.PAUSED
                  : TrialState.COMPLETE;
        };
    runResource.remove(trial.trialId());
    SortedMap<Integer, Double> curve = trial.intermediate();
    // A promoted run reports its curve from the first step again; the value a trial paused with
    // stays its value at that rung, or a promoted trial would drop in its rung's ranking and leave
    // room for more promotions than the top 1/eta (seen: 16 of 26 trials promoted from a rung).
    outcome
        .intermediate()
        .forEach(
            (step, value) -> {
              if (Double.isFinite(value)) {
                curve.putIfAbsent(step, value);
              }
            });
    if (finite && !outcome.values().isEmpty()) {
      curve.put(outcome.step(), outcome.values().get(0));
    }
    trials.put(
        trial.trialId(),
        new Trial(
            trial.trialId(),
            trial.params(),
            state,
            state == TrialState.FAILED ? List.of() : outcome.values(),
            outcome.step(),
            curve,
            outcome.seconds()));
  }

  /** True when nothing is running and nothing is left to start or promote. */
  public boolean isDone() {
    boolean running = trials.values().stream().anyMatch(t -> t.state() == TrialState.RUNNING);
    boolean searched =
        nextTrialId >= searchBudget && pruner.promotion(searchedTrials(), direction()).isEmpty();
    if (!running && searched && reevaluateTop > 0) {
      plan();
    }
    return !running && searched && nextTrialId >= reevaluationEnd();
  }

  /**
   * Ends the study: trials still paused at a rung will not be promoted, so they count as pruned.
   */
  public List<Trial> close() {
    List<Trial> closed = new ArrayList<>();
    for (Trial t : List.copyOf(trials.values())) {
      if (t.state() == TrialState.PAUSED) {
        Trial pruned = with(t, TrialState.PRUNED, t.values(), t.step());
        trials.put(t.trialId(), pruned);
        closed.add(pruned);
      }
    }
    return closed;
  }

  public List<Trial> trials() {
    return trialList();
  }

  /** The trial with id {@code trialId}, as the study now sees it. */
  public Trial trial(int trialId) {
    Trial trial = trials.get(trialId);
    if (trial == null) {
      throw new IllegalArgumentException("trial " + trialId + " was never asked for");
    }
    return trial;
  }

  /**
   * The chosen trial: with re-evaluation, the re-evaluated configuration whose complete runs have
   * the best mean first objective (its searched trial); otherwise, or before any re-evaluation
   * ended, the best complete trial by the first objective. Ties go to the lower trial id.
   */
  public Optional<Trial> best() {
    Direction d = direction();
    List<Reevaluation> again = reevaluations();
    if (!again.isEmpty()) {
      return again.stream()
          .min(
              Comparator.comparingDouble((Reevaluation r) -> d.toLoss(r.mean()))
                  .thenComparingInt(Reevaluation::trialId))
          .map(r -> trials.get(r.trialId()));
    }
    return trials.values().stream()
        .filter(t -> t.state() == TrialState.COMPLETE)
        .min(
            Comparator.comparingDouble((Trial t) -> d.toLoss(t.value()))
                .thenComparingInt(Trial::trialId));
  }

  /**
   * The re-evaluated configurations whose runs have ended, best first by the searched score: each
   * searched trial with its re-evaluation runs' ids, and the mean and sample standard deviation of
   * the first objective over all its complete runs (the searched one included).
   */
  public List<Reevaluation> reevaluations() {
    if (reevaluated == null) {
      return List.of();
    }
    List<Reevaluation> all = new ArrayList<>();
    for (int original : reevaluated) {
      List<Integer> runs = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      values.add(trials.get(original).value());
      reevaluationOf.forEach(
          (run, of) -> {
            if (of == original) {
              runs.add(run);
              Trial t = trials.get(run);
              if (t.state() == TrialState.COMPLETE) {
                values.add(t.value());
              }
            }
          });
      if (runs.stream().anyMatch(r -> trials.get(r).state() == TrialState.RUNNING)) {
        continue;
      }
      runs.sort(null);
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      double std = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
      all.add(new Reevaluation(original, runs, values.size(), mean, std));
    }
    return all;
  }

  /**
   * The complete runs of the best {@code configurations} distinct configurations, for a soft-voting
   * ensemble: with re-evaluation, those ranked by mean with every complete run of each (the
   * searched one and its re-evaluations); otherwise the best complete trials by the first
   * objective, one run each. Ranked best first.
   */
  public List<Integer> ensembleRuns(int configurations) {
    Direction d = direction();
    List<Integer> runs = new ArrayList<>();
    List<Reevaluation> again = reevaluations();
    if (!again.isEmpty()) {
      again.stream()
          .sorted(
              Comparator.comparingDouble((Reevaluation r) -> d.toLoss(r.mean()))
                  .thenComparingInt(Reevaluation::trialId))
          .limit(configurations)
          .forEach(
              r -> {
                runs.add(r.trialId());
                r.runs().stream()
                    .filter(run -> trials.get(run).state() == TrialState.COMPLETE)
                    .forEach(runs::add);
              });
      return runs;
    }
    return bestDistinct(configurations);
  }

  /** The searched trial a re-evaluation run trains again, if {@code trialId} is one. */
  public OptionalInt reevaluates(int trialId) {
    Integer original = reevaluationOf.get(trialId);
    return original == null ? OptionalInt.empty() : OptionalInt.of(original);
  }

  /**
   * A configuration trained again with more seeds.
   *
   * @param trialId the searched trial that found it
   * @param runs its re-evaluation runs' trial ids
   * @param complete how many runs (the searched one included) completed and count in the mean
   * @param mean mean first objective over those runs
   * @param std their sample standard deviation (0 for one run)
   */
  public record Reevaluation(
      int trialId, List<Integer> runs, int complete, double mean, double std) {
    public Reevaluation {
      runs = List.copyOf(runs);
    }
  }

  /** Complete trials no other complete trial beats on every objective, by trial id. */
  public List<Trial> paretoFront() {
    List<Trial> complete =
        trials.values().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
    List<double[]> losses = complete.stream().map(this::losses).toList();
    List<Trial> front = new ArrayList<>();
    for (int i : Pareto.nonDominated(losses)) {
      front.add(complete.get(i));
    }
    return front;
  }

  /**
   * Hypervolume of the Pareto front against {@code reference} (one value per objective, in the
   * objectives' own units and worse than every front point).
   */
  public double hypervolume(double... reference) {
    double[] ref = new double[objectives.size()];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = objectives.get(i).direction().toLoss(reference[i]);
    }
    return Pareto.hypervolume(paretoFront().stream().map(this::losses).toList(), ref);
  }

  public int budget() {
    return budget;
  }

  public List<Objective> objectives() {
    return objectives;
  }

  public SearchSpace space() {
    return space;
  }

  private History history() {
    List<Observation> observed = new ArrayList<>(priors);
    List<Map<String, Object>> running = new ArrayList<>();
    for (Trial t : trials.values()) {
      if (t.state().hasValues()) {
        observed.add(
            new Observation(t.trialId(), t.params(), losses(t), t.state(), t.step(), t.seconds()));
      } else if (t.state() == TrialState.RUNNING) {
        running.add(t.params());
      }
    }
    return new History(observed, running);
  }

  private double[] losses(Trial t) {
    double[] losses = new double[objectives.size()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = objectives.get(i).direction().toLoss(t.values().get(i));
    }
    return losses;
  }

  private Direction direction() {
    return objectives.get(0).direction();
  }

  private List<Trial> trialList() {
    return List.copyOf(trials.values());
  }

  /** The trials the sampler suggested (and the pruner ranks): all but re-evaluation runs. */
  private List<Trial> searchedTrials() {
    return trials.values().stream().filter(t -> !reevaluationOf.containsKey(t.trialId())).toList();
  }

  private static Trial with(Trial t, TrialState state, List<Double> values, int step) {
    return new Trial(t.trialId(), t.params(), state, values, step, t.intermediate(), t.seconds());
  }

  private static String describe(Trial trial) {
    return trial == null ? "unknown" : trial.state().toString();
  }

  /**
   * A trial to run before the sampler's: an earlier study's configuration and its seed, so the same
   * model is trained again on today's data.
   */
  public record FirstTrial(Map<String, Object> params, long seed) {
    public FirstTrial {
      params = Map.copyOf(params);
    }
  }

  /** How to set up a study; only the space is required. */
  public static final class Builder {
    private final SearchSpace space;
    private Sampler sampler;
    private Pruner pruner = Pruner.NONE;
    private List<Objective> objectives = List.of(Objective.maximize("objective"));
    private long seed;
    private int budget = 100;
    private List<FirstTrial> first = List.of();
    private List<Observation> priors = List.of();
    private List<Map<String, Object>> initial = List.of();
    private int reevaluateTop;
    private int reevaluateSeeds;

    private Builder(SearchSpace space) {
      this.space = space;
    }

    public Builder sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    public Builder pruner(Pruner pruner) {
      this.pruner = pruner;
      return this;
    }

    public Builder objectives(Objective... objectives) {
      if (objectives.length == 0) {
        throw new IllegalArgumentException("a study needs at least one objective");
      }
      this.objectives = List.of(objectives);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Warm start from earlier studies: {@code first} are the first trials (a previous run's best
     * configurations with their seeds, trained again before anything is sampled), and {@code
     * priors} are earlier trials the sampler learns from as if they were this study's (their trial
     * ids negative, so they come first). The first trials count against the budget like any other;
     * priors are never this study's trials.
     */
    public Builder warmStart(List<FirstTrial> first, List<Observation> priors) {
      this.first = List.copyOf(first);
      this.priors = List.copyOf(priors);
      return this;
    }

    /**
     * Configurations to try first, in order, after any warm-start trials and before the sampler's
     * (a portfolio of known-good settings): each a partial assignment whose missing active
     * parameters are drawn from their priors. They count against the budget; the sampler learns
     * from them like from its own.
     */
    public Builder initial(List<Map<String, Object>> initial) {
      this.initial = initial.stream().map(Map::copyOf).toList();
      return this;
    }

    /**
     * Re-evaluates the {@code top} best configurations with {@code seeds} more seeds each, out of
     * the budget, and chooses by the mean (0 and 0: choose by the searched score alone).
     */
    public Builder reevaluate(int top, int seeds) {
      if (top < 0 || seeds < 0 || (top == 0) != (seeds == 0)) {
        throw new IllegalArgumentException(
            "re-evaluation needs top >= 1 and seeds >= 1, or both 0 (off); got top "
                + top
                + ", seeds "
                + seeds);
      }
      this.reevaluateTop = top;
      this.reevaluateSeeds = seeds;
      return this;
    }

    /** How many trials to start in all, re-evaluation runs included. */
    public Builder budget(int budget) {
      if (budget < 1) {
        throw new IllegalArgumentException("a study needs a budget of at least 1 trial");
      }
      this.budget = budget;
      return this;
    }

    public Study build() {
      if (sampler == null) {
        sampler = new RandomSampler(seed);
      }
      return new Study(this);
    }
  }
}
