package org.autoglm.study;

import java.util.Optional;
import org.autoglm.config.ConfigException;
import org.autoglm.graph.InputException;

/**
 * The exit codes a scheduler can act on, the same for every command. The runs table records a
 * run's.
 */
public final class ExitCodes {
  /** Completed, with at least one complete trial (or the query ran). */
  public static final int OK = 0;

  /** A bug or an environment failure: the message, and the stack trace with AUTOGLM_DEBUG=1. */
  public static final int INTERNAL = 1;

  /** Bad arguments or configuration, or a resume that cannot be: fix the command. */
  public static final int CONFIG = 2;

  /** Input that cannot be read or cannot train a model, found before training: fix the data. */
  public static final int DATA = 3;

  /** The study ran but no trial completed: every trial failed (see the trials' errors). */
  public static final int NO_TRIAL_COMPLETED = 4;

  /** The regression gate failed: the new model is worse than the baseline. */
  public static final int GATE = 5;

  private ExitCodes() {}

  /** The code for a failure, by its cause. */
  public static int of(Throwable failure) {
    return cause(failure)
        .map(t -> t instanceof InputException || t instanceof DataException ? DATA : CONFIG)
        .orElse(INTERNAL);
  }

  /**
   * The failure's first cause that the user can act on (configuration, a refusal, input, data), the
   * one whose message to show; empty for an internal error.
   */
  public static Optional<Throwable> cause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConfigException
          || t instanceof ResumeRefused
          || t instanceof GateRefused
          || t instanceof InputException
          || t instanceof DataException) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
