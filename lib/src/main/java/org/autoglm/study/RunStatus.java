package org.autoglm.study;

/** Where a run stands in the {@code runs} table. */
public enum RunStatus {
  /** Its driver is working (and beating). */
  RUNNING,
  /** It ended with at least one complete trial and a chosen model. */
  COMPLETED,
  /** It ended without a model; the row says why and with which exit code. */
  FAILED,
  /** Never written: what readers see of a RUNNING run whose heartbeat went stale. */
  ABORTED
}
