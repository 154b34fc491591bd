package org.autoglm.study;

/**
 * A run that cannot be resumed as asked: no such run, or its journal does not match this
 * configuration, graph or sampler. Says what differs and what to do instead.
 */
public final class ResumeRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResumeRefused(String message) {
    super(message);
  }
}
