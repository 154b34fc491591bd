package org.autoglm.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.TrainSettings;

/**
 * Trial runs of a study as one model to score with (the chosen run, its seeds, an ensemble), their
 * weights in the run's checkpoint folder: what an executor task loads to soft-vote them.
 *
 * @param runs the runs' trial ids, best first
 * @param settings each run's training settings
 */
record RunModels(TrialCheckpoints checkpoints, List<Integer> runs, List<TrainSettings> settings)
    implements Serializable {
  RunModels {
    runs = new ArrayList<>(runs);
    settings = new ArrayList<>(settings);
  }

  /** The runs with their best weights, each on {@code threads} threads. */
  List<SoftVoting.Member> load(int threads) {
    List<SoftVoting.Member> members = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      int run = runs.get(i);
      members.add(
          new SoftVoting.Member(
              settings.get(i).toBuilder().set(TrainSettings::threads, threads).build(),
              checkpoints
                  .load(run)
                  .orElseThrow(
                      () -> new IllegalStateException("trial " + run + "'s checkpoint is gone"))));
    }
    return members;
  }

  /** The metric the runs were chosen by. */
  String metric() {
    return settings.get(0).metric();
  }
}
