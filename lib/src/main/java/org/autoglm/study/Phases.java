package org.autoglm.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where a run's time went: its phases in order, each with the wall seconds it took. A run records
 * its phases as they end ({@link #time}); the job prints them beside the leaderboard, so the fixed
 * work around the trials is in plain sight.
 */
public final class Phases {
  /** One phase: its name and wall seconds. */
  public record Phase(String name, double seconds) {}

  private final List<Phase> phases = new ArrayList<>();
  private long lastEnd = System.nanoTime();

  /** Runs {@code work} as phase {@code name}; returns its result. */
  public <T> T time(String name, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    add(name, start);
    return result;
  }

  /** Runs {@code work} as phase {@code name}. */
  public void time(String name, Runnable work) {
    long start = System.nanoTime();
    work.run();
    add(name, start);
  }

  /** Ends phase {@code name}, which began when the phase before it ended (or this was made). */
  public void since(String name) {
    add(name, lastEnd);
  }

  private void add(String name, long start) {
    lastEnd = System.nanoTime();
    phases.add(new Phase(name, (lastEnd - start) / 1e9));
  }

  public List<Phase> list() {
    return List.copyOf(phases);
  }

  /**
   * One line for the console: {@code data 19.1 s · trials 14.0 s · ... — 41.5 s in all, trials
   * 34%}; phases under 0.05 s are left out, the total counts them.
   */
  public static String line(List<Phase> phases, String loopPhase) {
    double total = phases.stream().mapToDouble(Phase::seconds).sum();
    double loop =
        phases.stream().filter(p -> p.name().equals(loopPhase)).mapToDouble(Phase::seconds).sum();
    String each =
        phases.stream()
            .filter(p -> p.seconds() >= 0.05)
            .map(p -> String.format(Locale.ROOT, "%s %.1f s", p.name(), p.seconds()))
            .collect(Collectors.joining(" · "));
    return String.format(
        Locale.ROOT,
        "%s — %.1f s in all, %s %.0f%%",
        each,
        total,
        loopPhase,
        total == 0 ? 0 : 100 * loop / total);
  }
}
