package org.autoglm.train;

/**
 * What one training run produced. Accuracies are those of the epoch with the best validation
 * accuracy (ties go to the lower validation loss), whose weights are the model's final state.
 *
 * @param diverged the loss became NaN or infinite; training stopped at that epoch
 * @param valAccuracy validation accuracy at the best epoch
 * @param testAccuracy test accuracy at the best epoch
 * @param bestEpoch 1-based epoch of the best validation accuracy (0 if none)
 * @param epochsRun epochs actually trained
 * @param trainSeconds wall time including graph-to-tensor conversion
 */
public record TrainOutcome(
    boolean diverged,
    double valAccuracy,
    double testAccuracy,
    int bestEpoch,
    int epochsRun,
    double trainSeconds) {}
