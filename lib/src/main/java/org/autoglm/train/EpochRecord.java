package org.autoglm.train;

import java.io.Serializable;

/**
 * What one epoch of training measured: the scalars a user watches while a model learns.
 *
 * @param epoch the 1-based epoch, counting those before a resume
 * @param trainLoss mean cross-entropy on the training nodes, under dropout, before the update
 * @param valLoss mean cross-entropy on the validation nodes after the update
 * @param valScore the selection metric ({@code train.metric}) on the validation nodes
 * @param learningRate the step size the update used
 * @param gradientNorm global L2 norm of the gradients before clipping; NaN when not measured
 * @param batches optimiser steps the epoch took: 1 full-batch, the batches of a sampled epoch
 * @param seconds wall time of the epoch: step and evaluation
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double valLoss,
    double valScore,
    double learningRate,
    double gradientNorm,
    int batches,
    double seconds)
    implements Serializable {}
