package org.autoglm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunComparisonTest {
  private static RunComparison.RunScores run(String id, double... vals) {
    List<RunComparison.TrialScore> trials = new ArrayList<>();
    for (int i = 0; i < vals.length; i++) {
      trials.add(new RunComparison.TrialScore(vals[i], vals[i] - 0.01, 1 + i, i + 1));
    }
    return new RunComparison.RunScores("s", id, "2026-11-30", trials);
  }

  private static RunComparison.Row row(List<RunComparison.Row> rows, String run, String metric) {
    return rows.stream()
        .filter(r -> r.runId().equals(run) && r.metric().equals(metric))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void exactRankTestMatchesTheTables() {
    // Completely separated groups of 5: p = 2 / C(10, 5) = 2 / 252.
    assertThat(
            RunComparison.mannWhitneyP(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}))
        .isCloseTo(2.0 / 252, within(1e-12));
    // Interleaved groups: no evidence.
    assertThat(RunComparison.mannWhitneyP(new double[] {1, 3, 5}, new double[] {2, 4, 6}))
        .isGreaterThan(0.5);
    // Ties: identical groups give p = 1.
    assertThat(RunComparison.mannWhitneyP(new double[] {1, 1, 2}, new double[] {1, 1, 2}))
        .isEqualTo(1.0);
  }

  @Test
  void largeGroupsUseTheNormalApproximation() {
    double[] a = new double[30];
    double[] b = new double[30];
    for (int i = 0; i < 30; i++) {
      a[i] = i;
      b[i] = i + 0.5;
    }
    double p = RunComparison.mannWhitneyP(a, b);
    assertThat(p).isBetween(0.7, 1.0);
    for (int i = 0; i < 30; i++) {
      b[i] = i + 100;
    }
    assertThat(RunComparison.mannWhitneyP(a, b)).isLessThan(1e-6);
  }

  @Test
  void zScoresAreTheMeanDifferenceOverItsStandardError() {
    RunComparison.RunScores reference = run("ref", 0.80, 0.79, 0.78, 0.77, 0.76, 0.5);
    RunComparison.RunScores better = run("new", 0.85, 0.84, 0.83, 0.82, 0.81, 0.4);

    List<RunComparison.Row> rows = RunComparison.compare(List.of(reference, better), "ref", 5);

    RunComparison.Row top = row(rows, "new", "top_k_val_score");
    assertThat(top.n()).isEqualTo(5);
    assertThat(top.mean()).isCloseTo(0.83, within(1e-12));
    double se =
        Math.sqrt(2 * RunComparison.variance(new double[] {0.8, 0.79, 0.78, 0.77, 0.76}) / 5);
    assertThat(top.z()).isCloseTo(0.05 / se, within(1e-9));
    assertThat(top.pValue()).isCloseTo(2.0 / 252, within(1e-12));
    assertThat(row(rows, "new", "best_val_score").mean()).isEqualTo(0.85);
    assertThat(row(rows, "new", "best_val_score").z()).isNull();
    assertThat(row(rows, "new", "trials_to_best").mean()).isEqualTo(1);
    assertThat(row(rows, "ref", "top_k_val_score").reference()).isTrue();
    assertThat(row(rows, "ref", "top_k_val_score").z()).isNull();
    assertThat(rows).hasSize(2 * RunComparison.METRICS.size());
  }

  @Test
  void anUnknownOrEmptyReferenceIsRefusedWithTheRunsThereAre() {
    assertThatThrownBy(() -> RunComparison.compare(List.of(run("a", 0.5)), "b", 5))
        .hasMessage("reference run b is not among the runs compared: [a]");
    assertThatThrownBy(() -> RunComparison.compare(List.of(run("a")), "a", 5))
        .hasMessage("reference run a has no complete trial to compare against");
  }
}
