package org.autoglm.graph;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Uniform numbers in [0, 1) drawn from a hash of the seed, a stream name and row values, so a
 * random choice about a row depends on the row alone: the same seed gives the same result whatever
 * the partitioning or task order.
 */
public final class StableRandom {
  private static final long TWO_POW_53 = 1L << 53;

  private StableRandom() {}

  /** A uniform draw for {@code keys} in {@code stream} (e.g. "node_drop") under {@code seed}. */
  public static Column uniform(long seed, String stream, Column... keys) {
    List<Column> inputs = new ArrayList<>(List.of(lit(seed), lit(stream)));
    inputs.addAll(List.of(keys));
    return pmod(xxhash64(inputs.toArray(Column[]::new)), lit(TWO_POW_53))
        .cast("double")
        .divide(lit((double) TWO_POW_53));
  }

  /** The same draw as SQL text, for use inside higher-order functions over arrays. */
  public static String uniformSql(long seed, String stream, String... keys) {
    return "(pmod(xxhash64("
        + seed
        + "L, '"
        + stream
        + "', "
        + String.join(", ", keys)
        + "), "
        + TWO_POW_53
        + "L) / "
        + (double) TWO_POW_53
        + ")";
  }
}
