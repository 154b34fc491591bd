package org.autoglm.train;

/**
 * What one training run produced. Scores are those of the best epoch (highest validation metric,
 * ties to the lower validation loss), whose weights are the run's model.
 *
 * @param diverged the loss became NaN or infinite; training stopped at that epoch
 * @param metric the selection metric's name
 * @param best the best epoch and its scores
 * @param epochsRun epochs trained, counting those before a resume
 * @param trainSeconds wall time of this run, including graph-to-tensor conversion
 * @param medianStepMillis median time of one training step (forward, backward, update)
 * @param batching how the steps saw the graph: whole ({@code FULL}), in sampled neighbourhoods
 *     ({@code NEIGHBORS}) or random-walk subgraphs ({@code SUBGRAPH})
 */
public record TrainOutcome(
    boolean diverged,
    String metric,
    EpochScores best,
    int epochsRun,
    double trainSeconds,
    double medianStepMillis,
    TrainSettings.Batching batching) {

  public double valAccuracy() {
    return Math.max(0, best.valAccuracy());
  }

  public double testAccuracy() {
    return best.testAccuracy();
  }

  public int bestEpoch() {
    return best.epoch();
  }
}
