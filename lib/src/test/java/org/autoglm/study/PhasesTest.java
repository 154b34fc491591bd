package org.autoglm.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's phases in order, each its own wall time, and the console's line of them. */
class PhasesTest {
  @Test
  void eachPhaseTakesTheTimeSinceTheOneBeforeItOrItsOwnWork() throws InterruptedException {
    Phases phases = new Phases();
    long made = System.nanoTime();
    Thread.sleep(30);
    phases.since("books");
    int answer = phases.time("work", () -> 42);
    Thread.sleep(20);
    phases.since("rest");
    double elapsed = (System.nanoTime() - made) / 1e9;

    List<Phases.Phase> list = phases.list();
    assertThat(answer).isEqualTo(42);
    assertThat(list).extracting(Phases.Phase::name).containsExactly("books", "work", "rest");
    assertThat(list.get(0).seconds()).isGreaterThanOrEqualTo(0.03);
    assertThat(list.get(2).seconds()).isGreaterThanOrEqualTo(0.02);
    // One after another, no gaps or overlaps: together they are the time since the recorder was
    // made (had "rest" begun with the recorder, they would be 30 ms over).
    assertThat(list.stream().mapToDouble(Phases.Phase::seconds).sum())
        .isCloseTo(elapsed, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void theLineNamesEachPhaseOfNoteTheTotalAndTheLoopsShare() {
    String line =
        Phases.line(
            List.of(
                new Phases.Phase("data", 19.04),
                new Phases.Phase("set-up", 0.01),
                new Phases.Phase("trials", 14.0),
                new Phases.Phase("report", 6.95)),
            "trials");
    assertThat(line)
        .isEqualTo("data 19.0 s · trials 14.0 s · report 7.0 s — 40.0 s in all, trials 35%");
  }
}
