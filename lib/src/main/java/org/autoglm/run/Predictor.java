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
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
import org.autoglm.train.BatchPlan;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphStore;
import org.autoglm.train.NodeScoring;
import org.autoglm.train.SnapshotFormat;
import org.autoglm.train.SoftVoting;
import org.autoglm.train.TrainSettings;

/**
 * Batch prediction with a saved model ({@link ModelBundle}), the Spark way: the model's feature
 * pipeline runs on executors, executors pack nodes and edges into a snapshot on the shared
 * filesystem, and tasks score the nodes in ranges, each on its executor's local store of the graph
 * ({@link NodePrediction}: exactly where the model reaches at most two hops, sampled as its
 * evaluation samples otherwise) — as many tasks as the graph's size calls for, none holding the
 * whole graph. A deeper model on a graph that fits one task's budget is scored there full-batch,
 * exactly, as a trial would. A model that needs no graph (an MLP, a distilled student) scores each
 * row from its features alone, partition by partition, with no snapshot. The scores come back as a
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

  /** Most target nodes one task scores: a task's rows and its batches' work stay bounded. */
  public static final int NODES_PER_TASK = 100_000;

  private Predictor() {}

  /**
   * {@code nodes} (at least {@code node_id} and {@code features}) with {@code prediction} and
   * {@code probability}, scored by {@code model} over the graph of {@code nodes} and {@code edges}
   * ({@code src}, {@code dst}: node ids; null for a model that needs no graph). {@code scratch} is
   * a folder on a filesystem every executor reads; it is removed before this returns (the scores
   * are kept on the executors).
   */
  public static Dataset<Row> predict(
      SparkSession spark,
      ModelBundle model,
      Dataset<Row> nodes,
      Dataset<Row> edges,
      String scratch) {
    require("nodes", nodes, "node_id", "features");
    if (needsNoGraph(model)) {
      return scoreRows(spark, model, nodes);
    }
    if (edges == null) {
      throw new InputException(
          "the model at "
              + model.dir()
              + " scores a node from its neighbourhood: give it the graph's edges (src, dst), or"
              + " use a model that needs no graph (its distilled student, under student/)");
    }
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
      List<TrainSettings> members =
          model.members().stream().map(ModelBundle.Member::settings).toList();
      boolean wholeGraph = scoresWholeGraph(BatchPlan.GraphSize.of(header), members);
      int[] bounds =
          wholeGraph
              ? new int[] {0, header.numNodes()}
              : bounds(
                  header.numNodes(),
                  spark.sparkContext().defaultParallelism(),
                  NODES_PER_TASK,
                  alignment(members));
      RunLog.LOG.info(
          "predict: {} node(s) in {} task(s); {}",
          header.numNodes(),
          bounds.length - 1,
          wholeGraph
              ? "full-batch in one task (exact)"
              : String.join(
                  "; ",
                  members.stream().map(m -> NodeScoring.of(m).describe()).distinct().toList()));
      List<Integer> tasks = java.util.stream.IntStream.range(0, bounds.length - 1).boxed().toList();
      JavaRDD<Row> scores =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(tasks, tasks.size())
              .flatMap(
                  new ScoreTask(
                      conf,
                      dir + "/snapshot",
                      header.fingerprint(),
                      model,
                      wholeGraph ? null : bounds));
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

  /** Whether every member scores a node from its own features alone (an MLP, a student). */
  static boolean needsNoGraph(ModelBundle model) {
    return model.members().stream().allMatch(m -> NodeScoring.reach(m.settings()) == 0);
  }

  /**
   * {@code nodes} scored row by row by a model that needs no graph: one pass of {@code
   * mapPartitions} on the executors, each partition in batches of {@value #ROWS_PER_BATCH} rows, no
   * snapshot, no edges, no shuffle; a node that was not in the training graph scores as any other.
   */
  private static Dataset<Row> scoreRows(SparkSession spark, ModelBundle model, Dataset<Row> nodes) {
    String given = "_features_as_given";
    Dataset<Row> input = nodes.withColumn(given, col("features"));
    if (model.featureModel() != null) {
      input = FeaturePipeline.apply(PipelineModel.load(model.featureModel()), input);
    }
    checkWidth(input, model);
    RunLog.LOG.info("predict: row by row with {}, which needs no graph", model.dir());
    StructType scored =
        input
            .schema()
            .add(PREDICTION, DataTypes.StringType, false)
            .add(PROBABILITY, SQLDataTypes.VectorType(), false);
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    return input
        .mapPartitions(
            new RowScoring(conf, model, input.schema().fieldIndex("features")),
            Encoders.row(scored))
        .withColumn("features", col(given))
        .drop(given);
  }

  /** Rows one graph-free scoring step takes at once: bounded memory whatever the partition. */
  static final int ROWS_PER_BATCH = 8192;

  /** A partition's rows scored batch by batch, each row kept whole with its scores appended. */
  private static final class RowScoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final ModelBundle model;
    private final int features;

    RowScoring(HadoopConf conf, ModelBundle model, int features) {
      this.conf = conf;
      this.model = model;
      this.features = features;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<SoftVoting.Member> members = members(model, conf);
      return new Iterator<>() {
        private Iterator<Row> ready = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!ready.hasNext() && rows.hasNext()) {
            List<Row> batch = new ArrayList<>(ROWS_PER_BATCH);
            while (batch.size() < ROWS_PER_BATCH && rows.hasNext()) {
              batch.add(rows.next());
            }
            ready = score(batch, members).iterator();
          }
          return ready.hasNext();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.next();
        }
      };
    }

    /** The batch as a graph of its nodes and no edges, which is all the members look at. */
    private List<Row> score(List<Row> batch, List<SoftVoting.Member> members) {
      GraphSnapshot.Builder nodes =
          GraphSnapshot.builder(batch.size(), model.features(), model.classes());
      for (Row row : batch) {
        SparseVector vector = row.<Vector>getAs(features).toSparse();
        float[] values = new float[vector.indices().length];
        for (int k = 0; k < values.length; k++) {
          values[k] = (float) vector.values()[k];
        }
        nodes.addNode(-1, GraphSnapshot.Split.NONE, vector.indices(), values);
      }
      float[][] probabilities = SoftVoting.probabilities(nodes.build("rows"), members);
      List<Row> out = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Row row = batch.get(i);
        Object[] values = new Object[row.size() + 2];
        for (int c = 0; c < row.size(); c++) {
          values[c] = row.get(c);
        }
        Object[] scores = scores(model, probabilities[i]);
        values[row.size()] = scores[0];
        values[row.size() + 1] = scores[1];
        out.add(RowFactory.create(values));
      }
      return out;
    }
  }

  /**
   * Whether one task scores the whole graph full-batch: when some member cannot be scored exactly
   * from neighbourhoods (it reaches beyond two hops) and every member fits its memory budget.
   */
  static boolean scoresWholeGraph(BatchPlan.GraphSize graph, List<TrainSettings> members) {
    return members.stream().anyMatch(m -> !NodeScoring.of(m).exact())
        && members.stream().allMatch(m -> BatchPlan.fitsFullBatch(graph, m));
  }

  /**
   * Where each task's nodes start, the last entry ending them: at least {@code parallelism} tasks
   * (no more than nodes), at most {@code perTask} nodes each, cut at multiples of {@code align}.
   */
  static int[] bounds(long nodes, int parallelism, int perTask, int align) {
    long tasks =
        Math.max(1, Math.min(nodes, Math.max(parallelism, (nodes + perTask - 1) / perTask)));
    long step = (nodes + tasks - 1) / tasks;
    step = (step + align - 1) / align * align;
    List<Integer> bounds = new ArrayList<>();
    for (long from = 0; from < nodes; from += step) {
      bounds.add((int) from);
    }
    bounds.add((int) nodes);
    return bounds.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Sampled members score a batch of consecutive nodes from its first node's seed: cutting ranges
   * at their batch sizes' multiples keeps every batch, and so every score, the same for any number
   * of tasks. Exact members need no alignment.
   */
  private static int alignment(List<TrainSettings> members) {
    int align = 1;
    for (TrainSettings m : members) {
      if (!NodeScoring.of(m).exact()) {
        align = lcm(align, m.batchSize());
      }
    }
    return align;
  }

  private static int lcm(int a, int b) {
    return Math.toIntExact(
        (long) a
            / java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).intValue()
            * b);
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
   * One executor task. With ranges: the nodes of its range, scored from the executor's store of the
   * graph. Without (null): the one task of a deep model on a graph that fits, which loads the
   * snapshot and scores every node full-batch. An ensemble scores the mean of its members'
   * probabilities.
   */
  static final class ScoreTask implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String snapshot;
    private final String fingerprint;
    private final ModelBundle model;
    private final int[] bounds;

    ScoreTask(
        HadoopConf conf, String snapshot, String fingerprint, ModelBundle model, int[] bounds) {
      this.conf = conf;
      this.snapshot = snapshot;
      this.fingerprint = fingerprint;
      this.model = model;
      this.bounds = bounds;
    }

    @Override
    public Iterator<Row> call(Integer task) {
      List<Row> rows = new ArrayList<>();
      if (bounds == null) {
        GraphSnapshot graph = SnapshotCache.get(conf, snapshot, fingerprint);
        float[][] probabilities = SoftVoting.probabilities(graph, members(model, conf));
        for (int node = 0; node < probabilities.length; node++) {
          rows.add(row(model, node, probabilities[node]));
        }
        return rows.iterator();
      }
      GraphStore store =
          SnapshotCache.store(conf, snapshot, SnapshotCache.header(conf, snapshot, fingerprint));
      int[] targets = java.util.stream.IntStream.range(bounds[task], bounds[task + 1]).toArray();
      float[] probabilities = SoftVoting.targetProbabilities(store, members(model, conf), targets);
      int classes = model.classes().size();
      for (int i = 0; i < targets.length; i++) {
        rows.add(
            row(
                model,
                targets[i],
                Arrays.copyOfRange(probabilities, i * classes, (i + 1) * classes)));
      }
      return rows.iterator();
    }
  }

  /** The model's members with their weights, on the task's threads. */
  private static List<SoftVoting.Member> members(ModelBundle model, HadoopConf conf) {
    TaskContext task = TaskContext.get();
    int threads = task == null ? 1 : task.cpus();
    List<SoftVoting.Member> members = new ArrayList<>();
    for (SoftVoting.Member member : model.trained(conf.get())) {
      members.add(
          new SoftVoting.Member(
              member.settings().toBuilder().set(TrainSettings::threads, threads).build(),
              member.checkpoint()));
    }
    return members;
  }

  /** A node's scores row: its index, its most probable class, its probabilities. */
  private static Row row(ModelBundle model, int node, float[] probabilities) {
    Object[] scores = scores(model, probabilities);
    return RowFactory.create((long) node, scores[0], scores[1]);
  }

  /** The most probable class's name and the probabilities as an MLlib vector. */
  private static Object[] scores(ModelBundle model, float[] probabilities) {
    double[] p = new double[probabilities.length];
    int best = 0;
    for (int c = 0; c < p.length; c++) {
      p[c] = probabilities[c];
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return new Object[] {model.classes().get(best), Vectors.dense(p)};
  }
}
