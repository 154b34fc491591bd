package org.autoglm.train;

/** A run's outcome and the checkpoint to continue it from (or to take its best weights from). */
public record TrainRun(TrainOutcome outcome, Checkpoint checkpoint) {}
