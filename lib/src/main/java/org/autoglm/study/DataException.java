package org.autoglm.study;

/**
 * The data cannot train a model, found before any trial starts: an empty graph after cleaning, no
 * labelled training nodes, every edge dangling. Names what is missing and where to look.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }
}
