package org.autoglm.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The regression gate's rule, without Spark: a run's chosen model passes unless its metric falls
 * more than {@code tolerance} below the baseline — the study's last completed run before it, or the
 * best of its last {@code lastN}.
 *
 * @param metric a column of the chosen model's trial row, e.g. {@code val_score}
 * @param bestOfLast the baseline is the best of the last {@code lastN} runs, not the last one
 * @param tolerance how far below the baseline still passes, in the metric's units
 */
public record GateRule(String metric, boolean bestOfLast, int lastN, double tolerance) {
  public static final String PASSED = "PASSED";
  public static final String REGRESSED = "REGRESSED";
  public static final String NO_BASELINE = "NO_BASELINE";

  /** A completed run's chosen model, scored. */
  public record RunScore(String runId, Instant startedAt, double value) {}

  /** The gate's decision and the line that explains it. */
  public record Verdict(String verdict, RunScore candidate, RunScore baseline, String message) {
    public boolean regressed() {
      return REGRESSED.equals(verdict);
    }
  }

  /** Judges {@code candidate} against the completed runs that started before it. */
  public Verdict judge(RunScore candidate, List<RunScore> earlier) {
    List<RunScore> before =
        earlier.stream()
            .filter(r -> r.startedAt().isBefore(candidate.startedAt()))
            .sorted(Comparator.comparing(RunScore::startedAt).reversed())
            .limit(bestOfLast ? lastN : 1)
            .toList();
    Optional<RunScore> baseline = before.stream().max(Comparator.comparingDouble(RunScore::value));
    String against =
        bestOfLast ? "the best of the last " + lastN + " completed runs" : "the last completed run";
    if (baseline.isEmpty()) {
      return new Verdict(
          NO_BASELINE,
          candidate,
          null,
          String.format(
              "run %s: %s %.4f; no earlier completed run to compare with: passes",
              candidate.runId(), metric, candidate.value()));
    }
    RunScore base = baseline.get();
    boolean regressed = candidate.value() < base.value() - tolerance;
    return new Verdict(
        regressed ? REGRESSED : PASSED,
        candidate,
        base,
        String.format(
            "run %s: %s %.4f against %.4f of %s (%s), tolerance %.4f: %s",
            candidate.runId(),
            metric,
            candidate.value(),
            base.value(),
            against,
            base.runId(),
            tolerance,
            regressed
                ? String.format("REGRESSED by %.4f", base.value() - candidate.value())
                : PASSED));
  }
}
