package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.autoglm.graph.FeaturePipeline;
import org.autoglm.graph.FeatureVectors;
import org.autoglm.graph.InputException;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.TrainSettings;

/**
 * Batch prediction with a saved model ({@link ModelBundle}), the Spark way: the model's feature
 * pipeline runs on executors, executors pack nodes and edges into a snapshot on the shared
 * filesystem, and one task on an executor loads it with DJL and scores every node (a full-batch
 * graph model needs the whole graph in one place, as a trial does). The scores come back as a
 * distributed table joined to the nodes; nothing graph-sized passes through the driver.
 */
public final class Predictor {
  /** The columns prediction adds: the class name and the class probabilities in model order. */
  public static final String PREDICTION = "prediction";

  public static final String PROBABILITY = "probability";

  /** predictions columns before provenance: a node's class and the model that chose it. */
  public static final StructType PREDICTIONS =
      new StructType()
          .add("node_id", DataTypes.LongType, false)
          .add("node_key", DataTypes.StringType, true)
          .add(PREDICTION, DataTypes.StringType, false)
          .add(
              "probabilities",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
              false)
          .add("model_path", DataTypes.StringType, false)
          .add("model_run_id", DataTypes.StringType, true)
          .add("model_trial_id", DataTypes.IntegerType, true)
          .add("model_data_fingerprint", DataTypes.StringType, true);

  private static final StructType SCORES =
      new StructType()
          .add("idx", DataTypes.LongType, false)
          .add(PREDICTION, DataTypes.StringType, false)
          .add(PROBABILITY, SQLDataTypes.VectorType(), false);

  private Predictor() {}

  /**
   * {@code nodes} (at least {@code node_id} and {@code features}) with {@code prediction} and
   * {@code probability}, scored by {@code model} over the graph of {@code nodes} and {@code edges}
   * ({@code src}, {@code dst}: node ids). {@code scratch} is a folder on a filesystem every
   * executor reads; it is removed before this returns (the scores are kept on the executors).
   */
  public static Dataset<Row> predict(
      SparkSession spark,
      ModelBundle model,
      Dataset<Row> nodes,
      Dataset<Row> edges,
      String scratch) {
    require("nodes", nodes, "node_id", "features");
    require("edges", edges, "src", "dst");
    Dataset<Row> scored =
        model.featureModel() == null
            ? nodes
            : FeaturePipeline.apply(PipelineModel.load(model.featureModel()), nodes);
    checkWidth(scored, model);

    Dataset<Row> indexed = SnapshotWriter.renumber(spark, scored.select("node_id"));
    Dataset<Row> packed =
        scored.select(
            col("node_id"),
            optional(scored, "node_key", DataTypes.StringType),
            optional(scored, "label", DataTypes.StringType),
            lit(null).cast(DataTypes.StringType).as("split"),
            col("features"));
    String dir = scratch + "/_predict-" + UUID.randomUUID();
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    try {
      SnapshotFormat.Header header =
          SnapshotWriter.write(
              spark, packed, edges.select("src", "dst"), dir + "/snapshot", model.classes());
      JavaRDD<Row> scores =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(List.of(0), 1)
              .flatMap(new ScoreTask(conf, dir + "/snapshot", header.fingerprint(), model));
      Dataset<Row> byIndex =
          SparkJobs.labelled(
              spark,
              "predict",
              "predict: "
                  + (model.isEnsemble()
                      ? "an ensemble of " + model.members().size()
                      : model.settings().model())
                  + " from "
                  + model.dir(),
              () -> {
                Dataset<Row> kept =
                    spark.createDataFrame(scores, SCORES).persist(StorageLevel.MEMORY_AND_DISK());
                kept.count(); // scored now, so the scratch snapshot can go
                return kept;
              });
      return nodes
          .join(indexed.select("node_id", "idx"), "node_id")
          .join(byIndex, "idx")
          .drop("idx");
    } finally {
      Tables.delete(spark, dir);
    }
  }

  /** {@code column} when the nodes have it, else nulls under its name. */
  private static Column optional(Dataset<Row> rows, String column, DataType type) {
    return Arrays.asList(rows.columns()).contains(column)
        ? col(column).cast(type)
        : lit(null).cast(type).as(column);
  }

  private static void require(String table, Dataset<Row> rows, String... columns) {
    for (String column : columns) {
      if (!Arrays.asList(rows.columns()).contains(column)) {
        throw new InputException(
            "the "
                + table
                + " to predict on have no column '"
                + column
                + "'; they have "
                + String.join(", ", rows.columns()));
      }
    }
  }

  private static void checkWidth(Dataset<Row> nodes, ModelBundle model) {
    Row widths =
        nodes
            .agg(
                min(FeatureVectors.size(col("features"))),
                max(FeatureVectors.size(col("features"))))
            .first();
    if (widths.isNullAt(0)) {
      throw new InputException("there are no nodes with features to predict on");
    }
    if (widths.getInt(0) != model.features() || widths.getInt(1) != model.features()) {
      throw new InputException(
          "the nodes' features have "
              + widths.getInt(0)
              + (widths.getInt(0) == widths.getInt(1) ? "" : " to " + widths.getInt(1))
              + " columns but the model at "
              + model.dir()
              + " was trained on "
              + model.features()
              + "; give it nodes prepared like its training graph");
    }
  }

  /**
   * One executor task: load the snapshot and the weights, score every node (an ensemble: the mean
   * of its members' probabilities).
   */
  static final class ScoreTask implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String snapshot;
    private final String fingerprint;
    private final ModelBundle model;

    ScoreTask(HadoopConf conf, String snapshot, String fingerprint, ModelBundle model) {
      this.conf = conf;
      this.snapshot = snapshot;
      this.fingerprint = fingerprint;
      this.model = model;
    }

    @Override
    public Iterator<Row> call(Integer ignored) {
      GraphSnapshot graph = SnapshotCache.get(conf, snapshot, fingerprint);
      TaskContext task = TaskContext.get();
      int threads = task == null ? 1 : task.cpus();
      List<SoftVoting.Member> members = new ArrayList<>();
      for (SoftVoting.Member member : model.trained(conf.get())) {
        members.add(
            new SoftVoting.Member(
                member.settings().toBuilder().set(TrainSettings::threads, threads).build(),
                member.checkpoint()));
      }
      float[][] probabilities = SoftVoting.probabilities(graph, members);
      List<Row> rows = new ArrayList<>(probabilities.length);
      for (int node = 0; node < probabilities.length; node++) {
        double[] p = new double[probabilities[node].length];
        int best = 0;
        for (int c = 0; c < p.length; c++) {
          p[c] = probabilities[node][c];
          if (p[c] > p[best]) {
            best = c;
          }
        }
        rows.add(RowFactory.create((long) node, model.classes().get(best), Vectors.dense(p)));
      }
      return rows.iterator();
    }
  }
}
