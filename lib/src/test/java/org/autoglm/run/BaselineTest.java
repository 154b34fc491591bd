package org.autoglm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class BaselineTest extends SparkTestBase {
  // MLlib hands vectors this long to native BLAS when it can load one (Spark's nativeL1Threshold)
  private static final int FEATURES = 300;

  @Test
  void fitsOnNodeFeaturesWithoutLoadingTheSystemBlasIntoTheJvm() throws IOException {
    Baseline.Result result = Baseline.fit(separableNodes(240, 3));

    assertThat(result.val()).as("val accuracy").isGreaterThan(0.9);
    assertThat(result.test()).as("test accuracy").isGreaterThan(0.9);
    assertThat(Baseline.REG_PARAMS).contains(result.regParam());
    // A system BLAS opened by MLlib would take over libtorch's dense products (SystemBlas).
    Path maps = Path.of("/proc/self/maps");
    if (Files.isReadable(maps)) {
      assertThat(Files.readAllLines(maps))
          .as("native libraries mapped into the JVM after MLlib fitted")
          .noneMatch(line -> line.matches(".*/lib(open)?(blas|lapack|arpack)[^/]*\\.so.*"));
    }
  }

  /** Classes whose mean feature vectors differ: a linear model separates them. */
  private static Dataset<Row> separableNodes(int count, int classes) {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = i % classes;
      double[] features = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        features[f] = random.nextGaussian() + (f % classes == label ? 1.0 : 0.0);
      }
      String split = i % 4 == 0 ? "val" : i % 4 == 1 ? "test" : "train";
      rows.add(RowFactory.create(Vectors.dense(features), "class-" + label, split));
    }
    StructType schema =
        new StructType()
            .add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.StringType)
            .add("split", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }
}
