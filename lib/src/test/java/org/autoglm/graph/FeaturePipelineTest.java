package org.autoglm.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ConfigException;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePipelineTest extends SparkTestBase {
  private static final StructType NODES =
      new StructType()
          .add("node_id", DataTypes.LongType, false)
          .add("features", SQLDataTypes.VectorType(), true)
          .add("label", DataTypes.StringType, true);

  @TempDir Path dir;

  @Test
  void theFittedPipelineIsSavedLoadedAndGivesTheSameFeaturesAgain() throws Exception {
    Dataset<Row> nodes = nodes(60, 12);
    ExperimentConfig config =
        TestConfigs.load(
            dir, "study: {name: t}\nfeatures: {pipeline: [tfidf, standardize, pca: 3]}\n");
    PipelineModel model = FeaturePipeline.fit(nodes, config.features().pipeline(), 12);
    String saved = dir.resolve("model").toString();
    model.write().overwrite().save(saved);

    Dataset<Row> once = FeaturePipeline.apply(model, nodes);
    Dataset<Row> again = FeaturePipeline.apply(PipelineModel.load(saved), nodes);

    assertThat(once.columns()).containsExactly("node_id", "features", "label");
    List<Row> first = once.orderBy("node_id").collectAsList();
    List<Row> second = again.orderBy("node_id").collectAsList();
    assertThat(first).hasSize(60);
    for (int i = 0; i < first.size(); i++) {
      Vector a = first.get(i).getAs("features");
      assertThat(a.size()).isEqualTo(3);
      assertThat(a).isEqualTo(second.get(i).<Vector>getAs("features"));
    }
  }

  @Test
  void stepsAreCheckedWhereTheyAreWrittenAndAgainstTheData() {
    assertThatThrownBy(
            () -> TestConfigs.load(dir, "study: {name: t}\nfeatures: {pipeline: [tfid, pca: x]}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "'features.pipeline' step 'tfid' is not a step; steps are tfidf, standardize,"
                + " normalize, pca; did you mean 'tfidf'?")
        .hasMessageContaining("'features.pipeline' step 'pca: x' needs a number after ':'");

    ExperimentConfig tooMany =
        TestConfigs.load(dir, "study: {name: t}\nfeatures: {pipeline: [pca: 50]}\n");
    assertThatThrownBy(() -> FeaturePipeline.fit(nodes(10, 12), tooMany.features().pipeline(), 12))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "'features.pipeline' step 'pca: 50' asks for more components than the 12 features the"
                + " clean nodes have; use pca: 12 or fewer");
  }

  private Dataset<Row> nodes(int count, int width) {
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      int a = random.nextInt(width);
      int b = (a + 1 + random.nextInt(width - 1)) % width;
      rows.add(
          RowFactory.create(
              id,
              Vectors.sparse(
                  width, new int[] {Math.min(a, b), Math.max(a, b)}, new double[] {1, 2}),
              "c" + (id % 3)));
    }
    return spark.createDataFrame(rows, NODES);
  }
}
