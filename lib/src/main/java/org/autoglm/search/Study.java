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
import java.util.TreeMap;
import org.autoglm.search.prune.Promotion;
import org.autoglm.search.prune.Pruner;
import org.autoglm.search.prune.StopRule;
import org.autoglm.search.sampler.History;
import org.autoglm.search.sampler.Observation;
import org.autoglm.search.sampler.RandomSampler;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.sampler.Seeds;
import org.autoglm.search.space.SearchSpace;

/**
 * Ask/tell over a budget of trials. {@link #ask} hands out work — promotions of paused trials
 * first, then new trials from the sampler — and {@link #tell} records how each run ended. Failed
 * trials are recorded like any other and never stop the study.
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
  private final Map<Integer, Trial> trials = new LinkedHashMap<>();
  // The cap each running trial was given: stopping below it means it converged, not paused.
  private final Map<Integer, Integer> runResource = new HashMap<>();
  private int nextTrialId;

  private Study(Builder b) {
    this.space = b.space;
    this.sampler = b.sampler;
    this.pruner = b.pruner;
    this.objectives = List.copyOf(b.objectives);
    this.seed = b.seed;
    this.first = List.copyOf(b.first);
    this.priors = List.copyOf(b.priors);
    OptionalInt capacity = sampler.capacity(space);
    this.budget = capacity.isPresent() ? Math.min(b.budget, capacity.getAsInt()) : b.budget;
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
    StopRule rule = pruner.stopRule(trialList(), direction());
    while (specs.size() < n) {
      Optional<Promotion> promotion = pruner.promotion(trialList(), direction());
      if (promotion.isPresent()) {
        Promotion p = promotion.get();
        Trial paused = trials.get(p.trialId());
        trials.put(p.trialId(), with(paused, TrialState.RUNNING, paused.values(), paused.step()));
        specs.add(spec(p.trialId(), paused.params(), p.toResource(), p.fromStep(), rule));
        continue;
      }
      if (nextTrialId >= budget) {
        break;
      }
      if (history == null) {
        history = history();
        pending.addAll(history.pending());
      }
      int id = nextTrialId++;
      Map<String, Object> params =
          id < first.size()
              ? first.get(id).params()
              : sampler.suggest(space, new History(history.observations(), pending), id);
      pending.add(params);
      trials.put(id, new Trial(id, params, TrialState.RUNNING, List.of(), 0, new TreeMap<>()));
      specs.add(spec(id, params, pruner.firstResource(id), 0, rule));
    }
    return specs;
  }

  private TrialSpec spec(
      int id, Map<String, Object> params, int resource, int resumeFrom, StopRule rule) {
    runResource.put(id, resource);
    long trialSeed = id < first.size() ? first.get(id).seed() : Seeds.mix(seed, id);
    return new TrialSpec(id, params, trialSeed, resource, resumeFrom, rule);
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
              pruner.isRung(outcome.step())
                      && outcome.step() >= runResource.getOrDefault(trial.trialId(), 0)
                  ? TrialState.PAUSED
                  : TrialState.COMPLETE;
        };
    runResource.remove(trial.trialId());
    SortedMap<Integer, Double> curve = trial.intermediate();
    outcome
        .intermediate()
        .forEach(
            (step, value) -> {
              if (Double.isFinite(value)) {
                curve.put(step, value);
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
            curve));
  }

  /** True when nothing is running and nothing is left to start or promote. */
  public boolean isDone() {
    boolean running = trials.values().stream().anyMatch(t -> t.state() == TrialState.RUNNING);
    return !running
        && nextTrialId >= budget
        && pruner.promotion(trialList(), direction()).isEmpty();
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

  /** The best complete trial by the first objective. */
  public Optional<Trial> best() {
    Direction d = direction();
    return trials.values().stream()
        .filter(t -> t.state() == TrialState.COMPLETE)
        .min(
            Comparator.comparingDouble((Trial t) -> d.toLoss(t.value()))
                .thenComparingInt(Trial::trialId));
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
        observed.add(new Observation(t.trialId(), t.params(), losses(t), t.state(), t.step()));
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

  private static Trial with(Trial t, TrialState state, List<Double> values, int step) {
    return new Trial(t.trialId(), t.params(), state, values, step, t.intermediate());
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

    /** How many trials to start in all. */
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
