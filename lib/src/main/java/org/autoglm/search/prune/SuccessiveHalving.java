package org.autoglm.search.prune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.autoglm.random.Seeds;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.Trial;
import org.autoglm.search.trial.TrialState;

/**
 * Asynchronous successive halving (ASHA) in one or more brackets — one bracket is successive
 * halving, {@link #hyperband} spreads trials over brackets that start at different resources.
 *
 * <p>Bracket {@code b} has rungs at {@code min · η^(b+k)} below {@code max}, then {@code max}. A
 * new trial runs to its bracket's first rung and pauses. Whenever the study is asked for work, a
 * paused trial in the top {@code 1/η} of its rung (among every trial that reached that rung) is
 * promoted to the next rung, resuming from its checkpoint; the highest rung is served first.
 * Promotions never wait for a rung to fill, so a slot is never idle — the asynchronous rule of Li
 * et al. (2020).
 *
 * @param minResource the first rung of the most aggressive bracket
 * @param maxResource the full resource (e.g. the configured epochs)
 * @param eta the reduction factor: 1 in {@code eta} trials goes on at each rung
 * @param brackets how many brackets; 1 is plain successive halving
 * @param seed spreads trials over brackets
 */
public record SuccessiveHalving(int minResource, int maxResource, int eta, int brackets, long seed)
    implements Pruner {
  public SuccessiveHalving {
    if (minResource < 1 || maxResource <= minResource) {
      throw new IllegalArgumentException(
          "successive halving needs 1 <= min_resource < max_resource, got "
              + minResource
              + " and "
              + maxResource);
    }
    if (eta < 2) {
      throw new IllegalArgumentException(
          "successive halving needs a reduction factor (eta) >= 2, got " + eta);
    }
    if (brackets < 1 || brackets > maxBrackets(minResource, maxResource, eta)) {
      throw new IllegalArgumentException(
          "successive halving with min_resource "
              + minResource
              + ", max_resource "
              + maxResource
              + " and eta "
              + eta
              + " allows 1 to "
              + maxBrackets(minResource, maxResource, eta)
              + " brackets, got "
              + brackets);
    }
  }

  /** Plain successive halving: one bracket starting at {@code minResource}. */
  public static SuccessiveHalving of(int minResource, int maxResource, int eta, long seed) {
    return new SuccessiveHalving(minResource, maxResource, eta, 1, seed);
  }

  /** Hyperband: every bracket from the most aggressive to the one that runs trials in full. */
  public static SuccessiveHalving hyperband(int minResource, int maxResource, int eta, long seed) {
    return new SuccessiveHalving(
        minResource, maxResource, eta, maxBrackets(minResource, maxResource, eta), seed);
  }

  static int maxBrackets(int minResource, int maxResource, int eta) {
    int n = 1;
    for (long r = minResource; r < maxResource; r *= eta) {
      n++;
    }
    return n;
  }

  /** Resources of bracket {@code b}'s rungs, the last being {@code maxResource}. */
  public List<Integer> rungs(int bracket) {
    List<Integer> rungs = new ArrayList<>();
    long r = minResource;
    for (int i = 0; i < bracket; i++) {
      r *= eta;
    }
    for (; r < maxResource; r *= eta) {
      rungs.add((int) r);
    }
    rungs.add(maxResource);
    return rungs;
  }

  /**
   * The bracket of a trial: drawn with Hyperband's weights, so each bracket gets a similar total
   * budget — many short trials in aggressive brackets, a few full ones in the last.
   */
  public int bracketOf(int trialId) {
    if (brackets == 1) {
      return 0;
    }
    double[] weights = new double[brackets];
    double total = 0;
    for (int b = 0; b < brackets; b++) {
      int rungsBelowMax = brackets - 1 - b;
      weights[b] =
          Math.ceil((double) brackets / (rungsBelowMax + 1)) * Math.pow(eta, rungsBelowMax);
      total += weights[b];
    }
    double u = new SplittableRandom(Seeds.mix(seed, trialId)).nextDouble() * total;
    for (int b = 0; b < brackets - 1; b++) {
      u -= weights[b];
      if (u < 0) {
        return b;
      }
    }
    return brackets - 1;
  }

  @Override
  public int firstResource(int trialId) {
    return rungs(bracketOf(trialId)).get(0);
  }

  @Override
  public boolean isRung(int step) {
    return step < maxResource;
  }

  @Override
  public Optional<Promotion> promotion(List<Trial> trials, Direction direction) {
    for (int b = 0; b < brackets; b++) {
      Optional<Promotion> best = promotionIn(b, trials, direction);
      if (best.isPresent()) {
        return best;
      }
    }
    return Optional.empty();
  }

  private Optional<Promotion> promotionIn(int bracket, List<Trial> trials, Direction direction) {
    List<Integer> rungs = rungs(bracket);
    List<Trial> members = trials.stream().filter(t -> bracketOf(t.trialId()) == bracket).toList();
    for (int k = rungs.size() - 2; k >= 0; k--) {
      int rung = rungs.get(k);
      List<Map.Entry<Trial, Double>> reached = new ArrayList<>();
      for (Trial t : members) {
        Double value = t.intermediate().get(rung);
        if (value != null && t.state() != TrialState.FAILED) {
          reached.add(Map.entry(t, direction.toLoss(value)));
        }
      }
      reached.sort(
          Comparator.comparingDouble((Map.Entry<Trial, Double> e) -> e.getValue())
              .thenComparingInt(e -> e.getKey().trialId()));
      int top = reached.size() / eta;
      for (int i = 0; i < top; i++) {
        Trial t = reached.get(i).getKey();
        if (t.state() == TrialState.PAUSED && t.step() == rung) {
          return Optional.of(new Promotion(t.trialId(), rung, rungs.get(k + 1)));
        }
      }
    }
    return Optional.empty();
  }
}
