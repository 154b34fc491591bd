package org.autoglm.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.autoglm.search.Objective;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.Samplers;
import org.autoglm.search.space.Parameter;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.TrialState;
import org.junit.jupiter.api.Test;

/** The scheduler's launches, live and replayed from a journal, without Spark. */
class JournalReplayTest {
  private static final SearchSpace SPACE =
      new SearchSpace(
          List.of(
              new Parameter.Real("lr", 0.001, 0.1, true),
              new Parameter.Int("hidden", 8, 64, false, 1)));
  private static final int SLOTS = 3;
  private static final int FULL_EPOCHS = 9;

  private static Study study() {
    return study(0, 0);
  }

  private static Study study(int reevaluateTop, int reevaluateSeeds) {
    return Study.builder(SPACE)
        .sampler(Samplers.named("tpe", 5))
        .pruner(SuccessiveHalving.of(3, FULL_EPOCHS, 3, 5))
        .objectives(Objective.maximize("val_accuracy"))
        .seed(5)
        .budget(12)
        .reevaluate(reevaluateTop, reevaluateSeeds)
        .build();
  }

  private static int epochs(TrialSpec spec) {
    return spec.resource() == 0 ? FULL_EPOCHS : spec.resource(); // 0: no cap
  }

  /** A trial run as an executor would return it: a learning curve that depends on lr. */
  private static TrialResult trained(TrialSpec spec) {
    double lr = (Double) spec.params().get("lr");
    double[] curve = new double[epochs(spec)];
    for (int epoch = 1; epoch <= curve.length; epoch++) {
      curve[epoch - 1] = 0.9 - Math.abs(Math.log10(lr) + 2) / 4 - 0.3 / epoch;
    }
    double best = curve[curve.length - 1];
    return TrialResult.builder(
            spec.trialId(), TrialResult.paramsText(spec.params()), TrialState.COMPLETE)
        .scores(new TrialResult.Scores("accuracy", best, best, best, best, best))
        .epochs(curve.length, curve.length, spec.resumeFrom())
        .trainSeconds(0.1)
        .seed(spec.seed())
        .placement(new TrialResult.Placement("0", "cpu", 1, List.of(), "full"))
        .time(Instant.EPOCH, Instant.EPOCH.plusSeconds(1))
        .curve(curve)
        .reevaluates(spec.reevaluates())
        .build();
  }

  /**
   * A run's life on a simulated clock: runs take a time that depends on their trial and length, so
   * they end out of order, as on a cluster.
   */
  private static final class Simulated {
    final TrialScheduler scheduler;
    final Map<Integer, Double> endsAt = new HashMap<>();
    final List<TrialResult> journal = new ArrayList<>();
    final List<Set<Integer>> inFlightAfterEach = new ArrayList<>();
    double clock;

    Simulated(TrialScheduler scheduler) {
      this.scheduler = scheduler;
    }

    void start(List<TrialSpec> specs) {
      for (TrialSpec spec : specs) {
        endsAt.put(spec.trialId(), clock + epochs(spec) * (1 + (spec.trialId() * 7 % 5)));
      }
    }

    void runToEnd() {
      start(List.copyOf(scheduler.inFlight()));
      while (!scheduler.isIdle()) {
        int next =
            endsAt.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        clock = endsAt.remove(next);
        journal.add(scheduler.complete(trained(scheduler.inFlight(next)), 0));
        start(scheduler.launch());
        inFlightAfterEach.add(ids(scheduler));
      }
    }
  }

  private static Set<Integer> ids(TrialScheduler scheduler) {
    return scheduler.inFlight().stream()
        .map(TrialSpec::trialId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void asynchronousLaunchesKeepEverySlotBusyAndPromoteWithoutWaitingForAWave() {
    TrialScheduler scheduler = new TrialScheduler(study(), SLOTS, false);
    assertThat(scheduler.launch()).hasSize(SLOTS);
    Simulated live = new Simulated(scheduler);
    live.runToEnd();

    // Every slot stays busy until the budget runs out: the study never waits for a wave.
    int busyUntil = live.inFlightAfterEach.size() - SLOTS;
    assertThat(live.inFlightAfterEach.subList(0, busyUntil)).allMatch(s -> s.size() == SLOTS);
    assertThat(live.journal).extracting(TrialResult::sequence).isSorted().doesNotHaveDuplicates();
    // Rung stops were promoted later: some trial is journaled twice, PAUSED then COMPLETE.
    Map<Integer, List<TrialState>> statuses = new TreeMap<>();
    live.journal.forEach(
        r -> statuses.computeIfAbsent(r.trialId(), k -> new ArrayList<>()).add(r.status()));
    assertThat(statuses.values()).contains(List.of(TrialState.PAUSED, TrialState.COMPLETE));
  }

  @Test
  void wavesStartNothingUntilTheWholeWaveHasEnded() {
    TrialScheduler scheduler = new TrialScheduler(study(), SLOTS, true);
    List<TrialSpec> wave = scheduler.launch();
    assertThat(wave).hasSize(SLOTS);
    scheduler.complete(trained(wave.get(0)), 0);
    assertThat(scheduler.launch()).isEmpty();
    scheduler.complete(trained(wave.get(1)), 0);
    scheduler.complete(trained(wave.get(2)), 0);
    assertThat(scheduler.launch()).hasSize(SLOTS);
  }

  @Test
  void aReplayedJournalLeavesInFlightWhatTheRunHadStartedAndGoesOnAsItWould() {
    TrialScheduler unbrokenScheduler = new TrialScheduler(study(), SLOTS, false);
    unbrokenScheduler.launch();
    Simulated unbroken = new Simulated(unbrokenScheduler);
    unbroken.runToEnd();

    for (int crashAfter : List.of(0, 1, 4, 7, unbroken.journal.size())) {
      List<TrialResult> journaled = unbroken.journal.subList(0, crashAfter);
      TrialScheduler resumed = new TrialScheduler(study(), SLOTS, false);
      List<TrialResult> told = JournalReplay.replay(resumed, journaled, "r1");

      assertThat(told).extracting(TrialResult::status).isEqualTo(statuses(journaled));
      Set<Integer> expected =
          crashAfter == 0 ? Set.of(0, 1, 2) : unbroken.inFlightAfterEach.get(crashAfter - 1);
      assertThat(ids(resumed)).as("in flight after %d told", crashAfter).isEqualTo(expected);
    }
  }

  @Test
  void aRunCrashedDuringReevaluationResumesWithTheSameRunsAndChoosesTheSameModel() {
    Study unbrokenStudy = study(2, 2);
    TrialScheduler unbrokenScheduler = new TrialScheduler(unbrokenStudy, SLOTS, false);
    unbrokenScheduler.launch();
    Simulated unbroken = new Simulated(unbrokenScheduler);
    unbroken.runToEnd();
    List<TrialResult> again = unbroken.journal.stream().filter(r -> r.reevaluates() >= 0).toList();
    assertThat(again).hasSize(4).allMatch(r -> r.epochs() == FULL_EPOCHS && r.isComplete());
    assertThat(again).extracting(TrialResult::trialId).containsExactlyInAnyOrder(8, 9, 10, 11);

    int firstAgain = unbroken.journal.indexOf(again.get(0));
    for (int crashAfter = firstAgain - 1; crashAfter < unbroken.journal.size(); crashAfter++) {
      List<TrialResult> journaled = unbroken.journal.subList(0, crashAfter);
      Study resumedStudy = study(2, 2);
      TrialScheduler resumed = new TrialScheduler(resumedStudy, SLOTS, false);
      JournalReplay.replay(resumed, journaled, "r1");
      assertThat(ids(resumed))
          .as("in flight after %d told", crashAfter)
          .isEqualTo(unbroken.inFlightAfterEach.get(crashAfter - 1));
      Simulated rest = new Simulated(resumed);
      rest.runToEnd();
      assertThat(resumedStudy.best()).isPresent().isEqualTo(unbrokenStudy.best());
    }
  }

  @Test
  void aJournalTheStudyDoesNotSuggestIsRefusedNamingTheTrial() {
    TrialScheduler live = new TrialScheduler(study(), SLOTS, false);
    live.launch();
    Simulated run = new Simulated(live);
    run.runToEnd();
    List<TrialResult> journal = new ArrayList<>(run.journal.subList(0, 4));
    TrialResult first = journal.get(1);
    Map<String, String> changed = new HashMap<>(first.params());
    changed.put("hidden", "99");
    journal.set(
        1,
        new TrialResult(
            first.trialId(),
            changed,
            first.status(),
            first.scores(),
            first.bestEpoch(),
            first.epochs(),
            first.resumedFrom(),
            first.trainSeconds(),
            first.seed(),
            first.placement(),
            first.startTime(),
            first.endTime(),
            first.error(),
            first.curve(),
            first.sequence(),
            first.dispatchSeconds(),
            first.epochLog(),
            first.reevaluates()));

    assertThatThrownBy(
            () -> JournalReplay.replay(new TrialScheduler(study(), SLOTS, false), journal, "r1"))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageContaining("run r1 cannot be resumed")
        .hasMessageContaining("trial " + first.trialId() + " was journaled with {hidden=99,")
        .hasMessageContaining("Start a new run without --resume");
    // Fewer slots than the run had: the study has other trials in flight than the journal ended.
    assertThatThrownBy(
            () -> JournalReplay.replay(new TrialScheduler(study(), 1, false), run.journal, "r1"))
        .isInstanceOf(ResumeRefused.class)
        .hasMessageMatching(
            "(?s).*the journal's next run is of trial \\d+, but the study has trials \\d+ in flight.*");
  }

  private static List<TrialState> statuses(List<TrialResult> runs) {
    return runs.stream().map(TrialResult::status).toList();
  }
}
