package org.autoglm.ml;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.Predictor;

/**
 * A saved Open-AutoGLM model as a Spark ML {@link Transformer}: give it a nodes DataFrame ({@code
 * node_id}, {@code features} as the clean tables have them) and it adds {@code prediction} (the
 * class name) and {@code probability} (an MLlib vector, classes in the model's order), scoring each
 * node over the graph whose edges {@link #edgesPath} names — or, for a model that needs no graph (a
 * run's distilled student, {@code .../student}), row by row with no edges at all. The model's
 * feature pipeline is applied first; DJL runs on the executors ({@link Predictor}). Saved and
 * loaded like any MLlib stage, alone or inside a {@code Pipeline}. This is the job the DJL Spark
 * extension does for image and text models, for graph models.
 *
 * <pre>{@code
 * GraphPredictor predictor = new GraphPredictor()
 *     .setModelPath("out/models/cora/current")
 *     .setEdgesPath("out/graphs/cora/clean/edges");
 * Dataset<Row> scored = predictor.transform(spark.read().parquet("out/graphs/cora/clean/nodes"));
 * }</pre>
 */
public final class GraphPredictor extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> edgesPath;
  private final Param<String> scratchPath;

  public GraphPredictor() {
    this(Identifiable$.MODULE$.randomUID("graphPredictor"));
  }

  /** For {@link DefaultParamsReader}, which restores a saved stage under its uid. */
  public GraphPredictor(String uid) {
    this.uid = uid;
    this.modelPath =
        new Param<>(this, "modelPath", "folder of a saved model (models/<study>/runs/<run_id>)");
    this.edgesPath =
        new Param<>(
            this,
            "edgesPath",
            "Parquet table of the graph's edges: src, dst (node ids); not needed by a model that needs no"
                + " graph");
    this.scratchPath =
        new Param<>(
            this,
            "scratchPath",
            "folder every executor reads, for the graph packed for prediction; empty: beside the"
                + " model");
    setDefault(scratchPath, "");
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public Param<String> edgesPath() {
    return edgesPath;
  }

  public Param<String> scratchPath() {
    return scratchPath;
  }

  public GraphPredictor setModelPath(String path) {
    set(modelPath, path);
    return this;
  }

  public GraphPredictor setEdgesPath(String path) {
    set(edgesPath, path);
    return this;
  }

  public GraphPredictor setScratchPath(String path) {
    set(scratchPath, path);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> nodes) {
    transformSchema(nodes.schema());
    SparkSession spark = nodes.sparkSession();
    String model = $(modelPath);
    ModelBundle bundle = ModelBundle.load(spark.sparkContext().hadoopConfiguration(), model);
    String scratch = $(scratchPath).isEmpty() ? model : $(scratchPath);
    Dataset<Row> edges = isDefined(edgesPath) ? spark.read().parquet($(edgesPath)) : null;
    return Predictor.predict(spark, bundle, nodes.toDF(), edges, scratch);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    for (String column : new String[] {"node_id", "features"}) {
      if (!Arrays.asList(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException(
            "GraphPredictor needs column '" + column + "'; the input has " + schema.simpleString());
      }
    }
    if (!isDefined(modelPath)) {
      throw new IllegalArgumentException(
          "GraphPredictor needs setModelPath(...) (and setEdgesPath(...) unless the model needs"
              + " no graph, as a distilled student)");
    }
    return schema
        .add(Predictor.PREDICTION, DataTypes.StringType, false)
        .add(Predictor.PROBABILITY, SQLDataTypes.VectorType(), false);
  }

  @Override
  public GraphPredictor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  @Override
  public void save(String path) throws java.io.IOException {
    write().save(path);
  }

  public static MLReader<GraphPredictor> read() {
    return new DefaultParamsReader<>();
  }

  public static GraphPredictor load(String path) {
    return read().load(path);
  }
}
