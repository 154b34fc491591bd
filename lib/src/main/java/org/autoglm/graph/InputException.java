package org.autoglm.graph;

/** Input the job cannot read: a missing or empty file, an ambiguous folder. Names the path. */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }
}
