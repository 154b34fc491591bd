package org.autoglm.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateRuleTest {
  private static GateRule.RunScore run(String id, int day, double value) {
    return new GateRule.RunScore(
        id, Instant.parse("2026-11-01T02:00:00Z").plusSeconds(86400L * day), value);
  }

  private static final List<GateRule.RunScore> HISTORY =
      List.of(run("d1", 1, 0.80), run("d2", 2, 0.85), run("d3", 3, 0.82), run("d9", 9, 0.99));

  @Test
  void theLastCompletedRunBeforeTheCandidateIsTheBaseline() {
    GateRule rule = new GateRule("val_score", false, 5, 0.01);
    GateRule.Verdict verdict = rule.judge(run("d4", 4, 0.812), HISTORY);
    assertThat(verdict.verdict()).isEqualTo(GateRule.PASSED); // 0.812 >= 0.82 - 0.01
    assertThat(verdict.baseline().runId()).isEqualTo("d3"); // d9 started after the candidate
    assertThat(rule.judge(run("d4", 4, 0.809), HISTORY).verdict()).isEqualTo(GateRule.REGRESSED);
  }

  @Test
  void bestOfLastTakesTheBestOfTheLastN() {
    GateRule rule = new GateRule("val_score", true, 2, 0.01);
    GateRule.Verdict verdict = rule.judge(run("d4", 4, 0.83), HISTORY);
    assertThat(verdict.baseline().runId()).isEqualTo("d2"); // best of d3 and d2
    assertThat(verdict.regressed()).isTrue();
    assertThat(verdict.message())
        .isEqualTo(
            "run d4: val_score 0.8300 against 0.8500 of the best of the last 2 completed runs"
                + " (d2), tolerance 0.0100: REGRESSED by 0.0200");
  }

  @Test
  void theFirstRunHasNoBaselineAndPasses() {
    GateRule.Verdict verdict =
        new GateRule("test_accuracy", false, 5, 0).judge(run("d0", 0, 0.5), HISTORY);
    assertThat(verdict.verdict()).isEqualTo(GateRule.NO_BASELINE);
    assertThat(verdict.regressed()).isFalse();
    assertThat(verdict.message())
        .isEqualTo(
            "run d0: test_accuracy 0.5000; no earlier completed run to compare with: passes");
  }
}
