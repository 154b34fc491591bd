package org.autoglm.graph.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.autoglm.graph.FeatureVectors;

/**
 * The near-duplicate rule: nodes whose sets of non-zero features are at least {@code threshold}
 * Jaccard-similar to a node with a smaller id. MLlib's {@link MinHashLSH} draws {@code bands x
 * rows} min-hashes per node; nodes agreeing on all hashes of a band are candidates (the usual
 * AND-within-band, OR-across-bands construction, which keeps popular features from making huge
 * buckets); each candidate pair's exact Jaccard similarity decides. Runs on executors; nodes with
 * no non-zero feature have no set and are not compared.
 */
final class NearDuplicates {
  /** Bands of the banding; rows per band follow from the threshold. */
  static final int BANDS = 10;

  /** A bucket's node is compared with at most this many of its smallest-id nodes. */
  static final int ANCHORS = 32;

  private static final UserDefinedFunction JACCARD =
      udf((UDF2<Vector, Vector, Double>) NearDuplicates::jaccard, DataTypes.DoubleType);

  /**
   * A node's band keys: the 64-bit hash of each band's {@code rows} min-hashes (MinHashLSH gives
   * each as a one-element vector). Equal keys are candidates; a rare hash collision only adds a
   * candidate, which the exact similarity then refuses.
   */
  private static UserDefinedFunction bandKeys(int rows) {
    return udf(
        (UDF1<scala.collection.Seq<Vector>, long[]>)
            hashes -> {
              long[] keys = new long[BANDS];
              for (int band = 0; band < BANDS; band++) {
                long key = 1125899906842597L + band;
                for (int r = 0; r < rows; r++) {
                  key = 31 * key + Double.doubleToLongBits(hashes.apply(band * rows + r).apply(0));
                  key ^= key >>> 29;
                }
                keys[band] = key;
              }
              return keys;
            },
        DataTypes.createArrayType(DataTypes.LongType, false));
  }

  private NearDuplicates() {}

  /**
   * Rows per band so the banding's S-curve, {@code 1 - (1 - s^r)^b}, turns about 15 % below the
   * threshold: pairs at the threshold are found with probability > 0.99 for thresholds >= 0.5.
   */
  static int rowsPerBand(double threshold) {
    double turn = threshold * 0.85;
    return Math.max(1, (int) Math.floor(Math.log(1.0 / BANDS) / Math.log(turn)));
  }

  /**
   * {@code (node_id, near_duplicate_flag)} for each kept node that is a near duplicate of a node
   * with a smaller id: the flag names that node and the similarity.
   *
   * @param nodes kept nodes with {@code node_id}, {@code node_key}, {@code features} (vectors)
   */
  static Dataset<Row> flags(Dataset<Row> nodes, double threshold) {
    int rows = rowsPerBand(threshold);
    Dataset<Row> sets =
        nodes
            .select("node_id", "node_key", "features")
            .filter(FeatureVectors.nonZeros(col("features")).gt(0));
    MinHashLSHModel lsh =
        new MinHashLSH()
            .setNumHashTables(BANDS * rows)
            .setInputCol("features")
            .setOutputCol("hashes")
            .setSeed(20260101L)
            .fit(sets);
    // One pass: the hashes are computed once and exploded into (band, bucket) rows.
    Dataset<Row> buckets =
        lsh.transform(sets)
            .select(
                col("node_id"),
                posexplode(bandKeys(rows).apply(col("hashes")))
                    .as(new String[] {"band", "bucket"}));
    Dataset<Row> ranked =
        buckets.withColumn(
            "rank", row_number().over(Window.partitionBy("band", "bucket").orderBy("node_id")));
    Dataset<Row> anchors =
        ranked
            .filter(col("rank").leq(ANCHORS))
            .select(
                col("band").as("anchor_band"),
                col("bucket").as("anchor_bucket"),
                col("node_id").as("anchor_id"));
    // Every join here is graph-sized whatever the optimiser estimates after the filters: a
    // broadcast of one of them ran a 1 GB driver out of memory at 1M nodes. Sort-merge throughout.
    Dataset<Row> candidates =
        ranked
            .join(
                anchors.hint("merge"),
                col("band")
                    .equalTo(col("anchor_band"))
                    .and(col("bucket").equalTo(col("anchor_bucket")))
                    .and(col("anchor_id").lt(col("node_id"))))
            .select("node_id", "anchor_id")
            .distinct();
    Dataset<Row> vectors = nodes.select("node_id", "node_key", "features").hint("merge");
    Dataset<Row> similar =
        candidates
            .join(vectors, "node_id")
            .join(
                vectors.select(
                    col("node_id").as("anchor_id"),
                    col("node_key").as("anchor_key"),
                    col("features").as("anchor_features")),
                "anchor_id")
            .withColumn("jaccard", JACCARD.apply(col("features"), col("anchor_features")))
            .filter(col("jaccard").geq(threshold));
    return similar
        .groupBy("node_id")
        .agg(
            min_by(functions.struct(col("anchor_key"), col("jaccard")), col("anchor_id"))
                .as("closest"))
        .select(
            col("node_id"),
            concat(
                    lit("near_duplicate: features are "),
                    format_number(col("closest.jaccard"), 3),
                    lit(" Jaccard-similar to node '"),
                    col("closest.anchor_key"),
                    lit("' (clean.near_duplicate_jaccard: " + threshold + ")"))
                .as("near_duplicate_flag"));
  }

  /** Jaccard similarity of the two vectors' sets of non-zero indices. */
  static Double jaccard(Vector a, Vector b) {
    SparseVector x = a.toSparse();
    SparseVector y = b.toSparse();
    int[] p = x.indices();
    int[] q = y.indices();
    int i = 0;
    int j = 0;
    int both = 0;
    while (i < p.length && j < q.length) {
      if (p[i] == q[j]) {
        both++;
        i++;
        j++;
      } else if (p[i] < q[j]) {
        i++;
      } else {
        j++;
      }
    }
    int either = p.length + q.length - both;
    return either == 0 ? 0.0 : (double) both / either;
  }
}
