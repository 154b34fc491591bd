package org.autoglm.graph;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.autoglm.config.FeatureStep;

/**
 * {@code features.pipeline} as an MLlib {@link Pipeline} over the nodes' {@code features} vectors.
 * The fitted {@link PipelineModel} is saved beside the clean graph, and {@link #apply} is the one
 * way to use it, at training and at prediction time alike. Step {@code i} reads column {@code
 * features_i} and writes {@code features_(i+1)}; {@link #apply} renames the first and last.
 */
public final class FeaturePipeline {
  private FeaturePipeline() {}

  /** Fits the steps on {@code nodes} (estimators such as IDF and PCA compute on executors). */
  public static PipelineModel fit(Dataset<Row> nodes, List<FeatureStep> steps, int width) {
    List<PipelineStage> stages = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      stages.add(stage(steps.get(i), column(i), column(i + 1), width));
    }
    Pipeline pipeline = new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
    return pipeline.fit(nodes.withColumnRenamed("features", column(0)));
  }

  /** {@code nodes} with {@code features} replaced by the fitted pipeline's output. */
  public static Dataset<Row> apply(PipelineModel model, Dataset<Row> nodes) {
    int steps = model.stages().length;
    Dataset<Row> out = model.transform(nodes.withColumnRenamed("features", column(0)));
    for (int i = 0; i < steps; i++) {
      out = out.drop(column(i));
    }
    return out.withColumnRenamed(column(steps), "features").select(selectLike(nodes));
  }

  /** The columns of {@code nodes}, in their order. */
  private static Column[] selectLike(Dataset<Row> nodes) {
    return Arrays.stream(nodes.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
  }

  private static String column(int i) {
    return "features_" + i;
  }

  private static PipelineStage stage(FeatureStep step, String in, String out, int width) {
    return switch (step.name()) {
      case "tfidf" -> new IDF().setInputCol(in).setOutputCol(out);
      case "standardize" ->
          new StandardScaler()
              .setWithMean(false)
              .setWithStd(true)
              .setInputCol(in)
              .setOutputCol(out);
      case "normalize" -> new Normalizer().setP(step.argument()).setInputCol(in).setOutputCol(out);
      case "pca" -> {
        int k = (int) step.argument();
        if (k > width) {
          throw new InputException(
              "'features.pipeline' step '"
                  + step
                  + "' asks for more components than the "
                  + width
                  + " features the clean nodes have; use pca: "
                  + width
                  + " or fewer");
        }
        yield new PCA().setK(k).setInputCol(in).setOutputCol(out);
      }
      default -> throw new IllegalArgumentException("no feature step '" + step.name() + "'");
    };
  }
}
