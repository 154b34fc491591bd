package org.autoglm.graph;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Computes a table once for a plan that reads it several times: the cleaner judges every edge in
 * two shuffles, then writes clean rows and quarantined rows from the same verdicts. The pipeline
 * stashes to scratch Parquet on the output filesystem, which measured cheaper than Spark's disk
 * cache (its columnar encoding cost more than the shuffles it saved).
 */
@FunctionalInterface
public interface Stash {
  /** Recompute on every read: for small tables, as in tests. */
  Stash NONE = (name, rows) -> rows;

  /** {@code rows}, computed at most once from here on; {@code name} says which table it is. */
  Dataset<Row> keep(String name, Dataset<Row> rows);
}
