package org.autoglm.study;

/** The gate has nothing to judge: no such completed run, or no complete trial in it. */
public final class GateRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GateRefused(String message) {
    super(message);
  }
}
