package org.autoglm.search.prune;

/**
 * A paused trial that earned more resource.
 *
 * @param trialId the trial
 * @param fromStep the step it reached and will resume from
 * @param toResource the step it may now go up to
 */
public record Promotion(int trialId, int fromStep, int toResource) {}
