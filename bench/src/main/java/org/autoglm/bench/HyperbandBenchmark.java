package org.autoglm.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.autoglm.random.Seeds;
import org.autoglm.search.Objective;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.prune.Pruner;
import org.autoglm.search.prune.SuccessiveHalving;
import org.autoglm.search.sampler.RandomSampler;

/**
 * Time to target on synthetic learning curves: Hyperband vs random search at full budget, both
 * drawing configurations at random.
 *
 * <p>A configuration {@code x} in [0,1]^6 has final loss {@code hartmann6(x)} and, after {@code r}
 * of {@code R = 81} epochs, loss {@code hartmann6(x) + a(x) / sqrt(r)} with a per-configuration
 * slowness {@code a(x)} uniform in [0.5, 1.5]: early rungs rank configurations only roughly, and
 * curves cross. Time is epochs trained; a promoted trial resumes from its checkpoint, so it costs
 * only its new epochs. The clock stops when a trial trained to {@code R} has a loss within the
 * target regret of hartmann6's minimum.
 *
 * <p>Usage: {@code HyperbandBenchmark <seeds> <target-regret> <batch>}; prints one row per seed:
 * {@code hyperband <seed> <epochs-random> <epochs-hyperband>}.
 */
public final class HyperbandBenchmark {
  static final int MAX_EPOCHS = 81;
  static final int MAX_TRIALS = 20_000;

  private HyperbandBenchmark() {}

  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    double target = TestFunctions.HARTMANN6.minimum() + Double.parseDouble(args[1]);
    int batch = Integer.parseInt(args[2]);
    for (int seed = 0; seed < seeds; seed++) {
      long random = epochsToTarget(Pruner.NONE, seed, target, batch);
      long hyperband =
          epochsToTarget(SuccessiveHalving.hyperband(1, MAX_EPOCHS, 3, seed), seed, target, batch);
      System.out.printf(Locale.ROOT, "hyperband\t%d\t%d\t%d%n", seed, random, hyperband);
    }
  }

  static double loss(Map<String, Object> params, int trialId, long seed, int epochs) {
    double slowness = 0.5 + new SplittableRandom(Seeds.mix(seed ^ 0x5EED, trialId)).nextDouble();
    return TestFunctions.HARTMANN6.at(params) + slowness / Math.sqrt(epochs);
  }

  static long epochsToTarget(Pruner pruner, long seed, double target, int batch) {
    Study study =
        Study.builder(TestFunctions.HARTMANN6.space())
            .sampler(new RandomSampler(seed))
            .pruner(pruner)
            .objectives(Objective.minimize("loss"))
            .seed(seed)
            .budget(MAX_TRIALS)
            .build();
    long spent = 0;
    while (!study.isDone()) {
      List<TrialSpec> specs = study.ask(batch);
      for (TrialSpec spec : specs) {
        int until = spec.resource() == 0 ? MAX_EPOCHS : spec.resource();
        spent += until - spec.resumeFrom();
        double value = loss(spec.params(), spec.trialId(), seed, until);
        if (until == MAX_EPOCHS && value <= target) {
          return spent;
        }
        study.tell(Outcome.finished(spec.trialId(), until, value));
      }
    }
    return spent;
  }
}
