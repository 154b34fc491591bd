package org.autoglm.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Node features as Spark ML vectors. Readers write the plain SQL struct {@code (size, indices,
 * values)} of {@link GraphTables#FEATURES} (raw tables stay queryable with SQL); from the clean
 * tables on, {@code features} is an MLlib {@link Vector} (sparse as read), so any MLlib transformer
 * applies to it. All functions run on executors, row by row.
 */
public final class FeatureVectors {
  private FeatureVectors() {}

  private static final UserDefinedFunction FROM_STRUCT =
      udf((UDF1<Row, Vector>) FeatureVectors::fromStruct, SQLDataTypes.VectorType());

  private static final UserDefinedFunction TO_STRUCT =
      udf((UDF1<Vector, Row>) FeatureVectors::toStruct, GraphTables.FEATURES);

  private static final UserDefinedFunction SIZE =
      udf((UDF1<Vector, Integer>) v -> v == null ? null : v.size(), DataTypes.IntegerType);

  private static final UserDefinedFunction NON_ZEROS =
      udf((UDF1<Vector, Integer>) v -> v == null ? 0 : v.numNonzeros(), DataTypes.IntegerType);

  private static final UserDefinedFunction NORM =
      udf((UDF1<Vector, Double>) v -> v == null ? null : Vectors.norm(v, 2), DataTypes.DoubleType);

  private static final UserDefinedFunction EMPTY =
      udf(
          (UDF1<Integer, Vector>) n -> Vectors.sparse(n, new int[0], new double[0]),
          SQLDataTypes.VectorType());

  private static final UserDefinedFunction RESIZED =
      udf((UDF2<Vector, Integer, Vector>) FeatureVectors::resized, SQLDataTypes.VectorType());

  /** The struct column {@code features} of {@code rows} as a sparse vector; null stays null. */
  public static Dataset<Row> fromStructs(Dataset<Row> rows) {
    return rows.withColumn("features", fromStruct(col("features")));
  }

  /** The vector column as the SQL struct of {@link GraphTables#FEATURES}, for SQL over entries. */
  public static Column asStruct(Column vector) {
    return TO_STRUCT.apply(vector);
  }

  /** The struct column as a sparse vector; null stays null. */
  public static Column fromStruct(Column struct) {
    return FROM_STRUCT.apply(struct);
  }

  /** A vector's length (its feature count); null for null. */
  public static Column size(Column vector) {
    return SIZE.apply(vector);
  }

  /** How many entries of a vector are not zero; 0 for null. */
  public static Column nonZeros(Column vector) {
    return NON_ZEROS.apply(vector);
  }

  /** A vector's Euclidean norm; null for null. */
  public static Column norm(Column vector) {
    return NORM.apply(vector);
  }

  /** An all-zero sparse vector of {@code size}. */
  public static Column zeros(Column size) {
    return EMPTY.apply(size);
  }

  /**
   * The vector widened to {@code size} with zeros: sources may give nodes vectors of different
   * lengths (sparse text names only the indices a node has), and MLlib wants one length per column.
   */
  public static Column resized(Column vector, Column size) {
    return RESIZED.apply(vector, size);
  }

  private static Vector fromStruct(Row struct) {
    if (struct == null) {
      return null;
    }
    List<Integer> indices = struct.getList(1);
    List<Float> values = struct.getList(2);
    int[] at = new int[indices.size()];
    double[] value = new double[values.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = indices.get(i);
      value[i] = values.get(i);
    }
    return Vectors.sparse(struct.getInt(0), at, value);
  }

  private static Row toStruct(Vector vector) {
    if (vector == null) {
      return null;
    }
    SparseVector sparse = vector.toSparse();
    float[] values = new float[sparse.values().length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) sparse.values()[i];
    }
    return RowFactory.create(sparse.size(), sparse.indices(), values);
  }

  private static Vector resized(Vector vector, Integer size) {
    if (vector == null || vector.size() == size) {
      return vector;
    }
    SparseVector sparse = vector.toSparse();
    return Vectors.sparse(size, sparse.indices(), sparse.values());
  }
}
