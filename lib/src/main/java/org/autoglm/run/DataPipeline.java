package org.autoglm.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ConfigException;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.config.FeatureStep;
import org.autoglm.graph.FeaturePipeline;
import org.autoglm.graph.FeatureVectors;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.InputException;
import org.autoglm.graph.Quarantine;
import org.autoglm.graph.Stash;
import org.autoglm.graph.augment.GraphAugmenter;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.graph.io.GraphSources;
import org.autoglm.graph.io.IdMapping;
import org.autoglm.graph.io.Manifest;
import org.autoglm.graph.split.Splitter;
import org.autoglm.study.OutputLayout;

/**
 * Collect and clean as Spark jobs: raw tables, clean tables, quarantine and data_quality, with the
 * books balanced from independent counts. Nothing graph-sized reaches the driver.
 */
public final class DataPipeline {
  private DataPipeline() {}

  /**
   * What collect produced: the raw tables' paths, the batch it added and the collect stage's books.
   */
  public record CollectReport(
      String rawNodes, String rawEdges, Batch batch, List<QualityLedger.Entry> quality) {}

  /**
   * The files one collect read, as a batch of the raw tables.
   *
   * @param name the raw tables' {@code batch} partition; null when there was nothing new
   * @param files files read (0 for generated sources and when nothing was new)
   * @param consumedEarlier files earlier collects consumed, by the manifest
   */
  public record Batch(String name, int files, long bytes, int consumedEarlier) {
    public boolean isNothingNew() {
      return name == null;
    }
  }

  /**
   * What clean produced.
   *
   * @param modelNodes the nodes trials train on: the clean nodes, or the feature pipeline's output
   */
  public record CleanReport(
      String cleanNodes, String cleanEdges, String modelNodes, List<QualityLedger.Entry> quality) {}

  /**
   * What collect then clean produced, as {@code run} does them.
   *
   * @param kept the stages a resumed run's earlier attempt had completed, not repeated
   */
  public record Prepared(CollectReport collected, CleanReport cleaned, List<String> kept) {
    /** Both stages' books, collect first. */
    public List<QualityLedger.Entry> quality() {
      List<QualityLedger.Entry> quality = new ArrayList<>(collected.quality());
      quality.addAll(cleaned.quality());
      return List.copyOf(quality);
    }
  }

  /**
   * Collect then clean; clean reads every batch, so it runs even when nothing was new. A stage this
   * run completed before (an earlier attempt, killed later) is not repeated: its outputs are the
   * study's graph as this run left it, its books this run's.
   */
  public static Prepared run(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    List<String> kept = new ArrayList<>();
    String study = config.study().name();
    CollectReport collected;
    if (StageMarker.completedBy(spark, layout.graph(study, "raw", ""), provenance.runId())) {
      kept.add("collect");
      collected =
          new CollectReport(
              layout.graph(study, "raw", "nodes"),
              layout.graph(study, "raw", "edges"),
              new Batch(null, 0, 0, 0),
              books(spark, layout, provenance, "collect"));
    } else {
      collected = collect(spark, config, layout, provenance);
    }
    CleanReport cleaned;
    if (!kept.isEmpty()
        && StageMarker.completedBy(spark, layout.graph(study, "clean", ""), provenance.runId())) {
      kept.add("clean");
      cleaned =
          new CleanReport(
              layout.graph(study, "clean", "nodes"),
              layout.graph(study, "clean", "edges"),
              modelNodes(config, layout),
              books(spark, layout, provenance, "clean"));
    } else {
      cleaned = clean(spark, config, layout, provenance);
    }
    return new Prepared(collected, cleaned, List.copyOf(kept));
  }

  /**
   * The books this run recorded for {@code stage}, in a fixed order close to the stage's own (the
   * table has none): nodes before the other tables, each table's total first, then its rules as
   * they cascade (each rule sees what the one before kept, so rows in only fall).
   */
  private static List<QualityLedger.Entry> books(
      SparkSession spark, OutputLayout layout, Provenance provenance, String stage) {
    return ResultTables.read(
            spark, layout.table(OutputLayout.DATA_QUALITY), Provenance.schemaOf(QUALITY_SCHEMA))
        .filter(provenance.rowsOfThisRun().and(col("stage").equalTo(stage)))
        .collectAsList()
        .stream()
        .map(
            r ->
                new QualityLedger.Entry(
                    r.getAs("stage"),
                    r.getAs("table_name"),
                    r.getAs("rule"),
                    r.<Long>getAs("rows_in"),
                    r.<Long>getAs("kept"),
                    r.<Long>getAs("quarantined")))
        .sorted(
            java.util.Comparator.comparing((QualityLedger.Entry e) -> !e.table().equals("nodes"))
                .thenComparing(QualityLedger.Entry::table)
                .thenComparing(e -> !e.rule().equals(QualityLedger.ALL_RULES))
                .thenComparing(QualityLedger.Entry::rowsIn, java.util.Comparator.reverseOrder()))
        .toList();
  }

  /**
   * Reads the configured source into a batch of {@code graphs/<study>/raw/}, extends the id map,
   * quarantines unreadable rows, records the collect stage's books and, last, the manifest of the
   * files read. With {@code data.incremental} only files the manifest lacks are read and a collect
   * with nothing new writes nothing; without it the raw tables are replaced.
   */
  public static CollectReport collect(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    String study = config.study().name();
    String rawNodesPath = layout.graph(study, "raw", "nodes");
    String rawEdgesPath = layout.graph(study, "raw", "edges");
    boolean incremental = config.data().incremental();
    boolean listsFiles = GraphSources.listsFiles(config.data());
    GraphSources.Inputs inputs =
        listsFiles
            ? GraphSources.list(spark, config.data())
            : new GraphSources.Inputs(List.of(), List.of());
    int consumedEarlier = 0;
    if (incremental) {
      Map<String, Manifest.Entry> consumed = readManifest(spark, layout.manifest(study));
      consumedEarlier = consumed.size();
      inputs =
          new GraphSources.Inputs(
              Manifest.unconsumed("data.path", inputs.data(), consumed),
              Manifest.unconsumed("data.nodes.path", inputs.nodes(), consumed));
      if (inputs.isEmpty()) {
        return new CollectReport(
            rawNodesPath, rawEdgesPath, new Batch(null, 0, 0, consumedEarlier), List.of());
      }
    } else {
      for (String replaced :
          List.of(layout.graph(study, "raw", ""), layout.idMap(study), layout.manifest(study))) {
        Tables.delete(spark, replaced);
      }
    }
    // From here the raw tables change: they are this run's only once the stage completes.
    StageMarker.clear(spark, layout.graph(study, "raw", ""));
    GraphSources.Inputs read = inputs;
    String batch = "b" + (listsFiles ? read.batch() : config.hash());
    RawGraph raw =
        SparkJobs.labelled(
            spark,
            "collect",
            "collect: read " + config.data().source().name().toLowerCase() + " graph",
            () -> {
              RawGraph graph = GraphSources.read(spark, config, read);
              if (incremental) {
                graph = continueIds(spark, layout.idMap(study), batch, graph);
              }
              writeBatch(graph.nodes(), rawNodesPath, batch);
              writeBatch(graph.edges(), rawEdgesPath, batch);
              if (graph.attributes() != null) {
                writeBatch(graph.attributes(), layout.graph(study, "raw", "attributes"), batch);
              }
              if (!incremental) {
                writeBatch(
                    spark
                        .read()
                        .parquet(inBatch(rawNodesPath, batch))
                        .select("node_key", "node_id")
                        .distinct(),
                    layout.idMap(study),
                    batch);
              }
              writeQuarantine(layout, provenance, "collect", graph.rejects());
              return graph;
            });
    List<QualityLedger.Entry> quality =
        SparkJobs.labelled(
            spark,
            "data-quality",
            "data quality: collect rows in, kept, quarantined",
            () -> {
              Map<String, Map<String, Long>> quarantined =
                  quarantineCounts(spark, layout, provenance, "collect");
              QualityLedger ledger = new QualityLedger();
              for (SourceBooks books : raw.books()) {
                long rowsIn = books.rowsIn().getAsLong();
                if (rowsIn == 0 && !incremental) {
                  throw emptySource(config, books.table());
                }
                LongSupplier kept = books.kept();
                if (kept == null) {
                  String table = inBatch(layout.graph(study, "raw", books.table()), batch);
                  kept = () -> spark.read().parquet(table).count();
                }
                ledger.add(
                    "collect",
                    books.table(),
                    books.rules(),
                    rowsIn,
                    kept.getAsLong(),
                    quarantined.getOrDefault(books.table(), Map.of()));
              }
              return record(spark, layout, provenance, "collect", ledger);
            });
    if (listsFiles) {
      appendManifest(spark, layout.manifest(study), provenance, read, batch);
    }
    StageMarker.mark(spark, layout.graph(study, "raw", ""), provenance.runId());
    return new CollectReport(
        rawNodesPath,
        rawEdgesPath,
        new Batch(batch, read.data().size() + read.nodes().size(), read.bytes(), consumedEarlier),
        quality);
  }

  /** A raw table, every batch of it, without the partition column. */
  public static Dataset<Row> readRaw(SparkSession spark, String path) {
    return spark.read().parquet(path).drop("batch");
  }

  /**
   * Renumbers a batch read with ids of its own so earlier batches' keys keep their ids and new keys
   * continue after them; the new keys go to this batch's partition of the id map.
   */
  private static RawGraph continueIds(
      SparkSession spark, String idMapPath, String batch, RawGraph graph) {
    Dataset<Row> known =
        Tables.read(spark, idMapPath, IdMapping.SCHEMA.add("batch", DataTypes.StringType))
            .filter(col("batch").notEqual(batch))
            .select("node_key", "node_id");
    writeBatch(IdMapping.extend(spark, known, graph.nodes().select("node_key")), idMapPath, batch);
    Dataset<Row> ids = known.unionByName(spark.read().parquet(inBatch(idMapPath, batch)));
    return IdMapping.renumber(graph, ids, known);
  }

  /** Writes {@code rows} as {@code batch}'s partition of a table, replacing an earlier attempt. */
  private static void writeBatch(Dataset<Row> rows, String table, String batch) {
    rows.write().mode(SaveMode.Overwrite).parquet(inBatch(table, batch));
  }

  private static String inBatch(String table, String batch) {
    return table + "/batch=" + batch;
  }

  /** The manifest by path; one row per consumed file, a listing's worth like the listing itself. */
  private static Map<String, Manifest.Entry> readManifest(SparkSession spark, String path) {
    Map<String, Manifest.Entry> consumed = new HashMap<>();
    Tables.read(spark, path, Provenance.schemaOf(Manifest.SCHEMA))
        .select("path", "bytes", "modified", "batch", "run_date")
        .collectAsList()
        .forEach(
            r ->
                consumed.put(
                    r.getString(0),
                    new Manifest.Entry(
                        r.getString(0),
                        r.getLong(1),
                        r.getLong(2),
                        r.getString(3),
                        String.valueOf(r.getDate(4)))));
    return consumed;
  }

  /** Records the files read; written last, so a collect that fails before it is read again. */
  private static void appendManifest(
      SparkSession spark,
      String path,
      Provenance provenance,
      GraphSources.Inputs inputs,
      String batch) {
    List<Row> rows = new ArrayList<>();
    inputs
        .data()
        .forEach(
            f ->
                rows.add(RowFactory.create("data.path", f.path(), f.bytes(), f.modified(), batch)));
    inputs
        .nodes()
        .forEach(
            f ->
                rows.add(
                    RowFactory.create(
                        "data.nodes.path", f.path(), f.bytes(), f.modified(), batch)));
    provenance
        .stamp(spark.createDataFrame(rows, Manifest.SCHEMA))
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .parquet(path);
  }

  /** Judges the raw tables by the cleaning rules into {@code graphs/<study>/clean/}. */
  public static CleanReport clean(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    String study = config.study().name();
    String rawNodesPath = layout.graph(study, "raw", "nodes");
    String rawEdgesPath = layout.graph(study, "raw", "edges");
    String cleanNodesPath = layout.graph(study, "clean", "nodes");
    String cleanEdgesPath = layout.graph(study, "clean", "edges");
    StageMarker.clear(spark, layout.graph(study, "clean", ""));
    if (!Tables.exists(spark, rawNodesPath) || !Tables.exists(spark, rawEdgesPath)) {
      throw new InputException(
          "study '"
              + study
              + "' has no raw tables under "
              + layout.root()
              + "/graphs/"
              + study
              + "/raw: collect it first (bin/autoglm collect <experiment.yaml>)");
    }
    SparkJobs.labelled(
        spark,
        "clean",
        "clean: " + String.join(", ", GraphCleaner.EDGE_RULES) + " and node rules",
        () -> {
          String scratch = layout.graph(study, "clean", "_scratch");
          Stash stash =
              (name, rows) -> {
                String path = scratch + "/" + name;
                rows.write().mode(SaveMode.Overwrite).parquet(path);
                return spark.read().parquet(path);
              };
          try {
            GraphCleaner.Verdicts verdicts =
                GraphCleaner.judge(
                    readRaw(spark, rawNodesPath),
                    readRaw(spark, rawEdgesPath),
                    config.clean(),
                    stash);
            Splitter.assign(spark, verdicts.cleanNodes(), config.split(), config.study().seed())
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(cleanNodesPath);
            Dataset<Row> cleanEdges = verdicts.cleanEdges();
            if (config.clean().symmetrize()) {
              cleanEdges = GraphCleaner.withReverses(cleanEdges);
            }
            cleanEdges.write().mode(SaveMode.Overwrite).parquet(cleanEdgesPath);
            writeQuarantine(layout, provenance, "clean", verdicts.quarantine());
          } finally {
            Tables.delete(spark, scratch);
          }
          return null;
        });
    List<QualityLedger.Entry> quality =
        SparkJobs.labelled(
            spark,
            "data-quality",
            "data quality: clean rows in, kept, quarantined",
            () -> {
              Map<String, Map<String, Long>> quarantined =
                  quarantineCounts(spark, layout, provenance, "clean");
              QualityLedger ledger = new QualityLedger();
              ledger.add(
                  "clean",
                  "nodes",
                  GraphCleaner.NODE_RULES,
                  readRaw(spark, rawNodesPath).count(),
                  spark.read().parquet(cleanNodesPath).count(),
                  quarantined.getOrDefault("nodes", Map.of()));
              Dataset<Row> cleanEdges = spark.read().parquet(cleanEdgesPath);
              ledger.add(
                  "clean",
                  "edges",
                  GraphCleaner.EDGE_RULES,
                  readRaw(spark, rawEdgesPath).count(),
                  config.clean().symmetrize()
                      ? cleanEdges.filter(col("reversed").equalTo(false)).count()
                      : cleanEdges.count(),
                  quarantined.getOrDefault("edges", Map.of()));
              if (config.clean().symmetrize()) {
                ledger.added(
                    "clean",
                    "edges",
                    GraphCleaner.REVERSE_EDGE,
                    cleanEdges.filter(col("reversed")).count());
              }
              return record(spark, layout, provenance, "clean", ledger);
            });
    if (!config.features().isEmpty()) {
      features(spark, config, layout, cleanNodesPath);
    }
    StageMarker.mark(spark, layout.graph(study, "clean", ""), provenance.runId());
    return new CleanReport(cleanNodesPath, cleanEdgesPath, modelNodes(config, layout), quality);
  }

  /** Where the nodes trials train on are: the clean nodes, or the feature pipeline's output. */
  public static String modelNodes(ExperimentConfig config, OutputLayout layout) {
    String study = config.study().name();
    return config.features().isEmpty()
        ? layout.graph(study, "clean", "nodes")
        : layout.graph(study, "features", "nodes");
  }

  /**
   * Fits {@code features.pipeline} on the clean nodes, saves the model beside the clean graph and
   * writes the transformed nodes to {@code graphs/<study>/features/nodes}; returns that path.
   */
  public static String features(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, String cleanNodesPath) {
    String study = config.study().name();
    String path = layout.graph(study, "features", "nodes");
    List<FeatureStep> steps = config.features().pipeline();
    return SparkJobs.labelled(
        spark,
        "features",
        "features: MLlib pipeline " + steps,
        () -> {
          Dataset<Row> clean = spark.read().parquet(cleanNodesPath);
          Row widest = clean.agg(max(FeatureVectors.size(col("features")))).first();
          int width = widest.isNullAt(0) ? 0 : widest.getInt(0);
          PipelineModel model = FeaturePipeline.fit(clean, steps, width);
          try {
            model.write().overwrite().save(layout.featureModel(study));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          FeaturePipeline.apply(model, clean).write().mode(SaveMode.Overwrite).parquet(path);
          return path;
        });
  }

  /** Per view: nodes and edges written. */
  public record AugmentReport(String path, List<long[]> viewSizes) {}

  /**
   * Writes {@code augment.views} seeded views of the clean graph to {@code
   * graphs/<study>/views/{nodes,edges}}, partitioned by {@code view}.
   */
  public static AugmentReport augment(
      SparkSession spark, ExperimentConfig config, OutputLayout layout) {
    if (config.augment().views() < 1) {
      throw new ConfigException(
          "'augment.views' is 0 but augment needs at least one view, e.g. --set augment.views=3");
    }
    String study = config.study().name();
    String viewsPath = layout.graph(study, "views", "");
    return SparkJobs.labelled(
        spark,
        "augment",
        "augment: " + config.augment().views() + " seeded views",
        () -> {
          Dataset<Row> nodes = spark.read().parquet(layout.graph(study, "clean", "nodes"));
          Dataset<Row> edges = spark.read().parquet(layout.graph(study, "clean", "edges"));
          Dataset<Row> allNodes = null;
          Dataset<Row> allEdges = null;
          for (int v = 0; v < config.augment().views(); v++) {
            GraphAugmenter.View view =
                GraphAugmenter.view(nodes, edges, config.augment(), config.study().seed(), v);
            allNodes = allNodes == null ? view.nodes() : allNodes.unionByName(view.nodes());
            allEdges = allEdges == null ? view.edges() : allEdges.unionByName(view.edges());
          }
          allNodes
              .write()
              .mode(SaveMode.Overwrite)
              .partitionBy("view")
              .parquet(viewsPath + "nodes");
          allEdges
              .write()
              .mode(SaveMode.Overwrite)
              .partitionBy("view")
              .parquet(viewsPath + "edges");
          Map<Integer, long[]> sizes = new java.util.TreeMap<>();
          for (String table : List.of("nodes", "edges")) {
            int column = table.equals("nodes") ? 0 : 1;
            spark
                .read()
                .parquet(viewsPath + table)
                .groupBy("view")
                .count()
                .collectAsList()
                .forEach(
                    r ->
                        sizes.computeIfAbsent(r.getInt(0), k -> new long[2])[column] =
                            r.getLong(1));
          }
          return new AugmentReport(viewsPath, List.copyOf(sizes.values()));
        });
  }

  private static InputException emptySource(ExperimentConfig config, String table) {
    boolean nodeTable = table.equals("nodes") && config.data().nodes().path() != null;
    String key = nodeTable ? "data.nodes.path" : "data.path";
    String path = nodeTable ? config.data().nodes().path() : config.data().path();
    return new InputException(
        key + " '" + path + "' holds no " + table + " rows: its files are empty");
  }

  /** The stage's quarantine rows of this run: a redo of the stage replaces them. */
  private static void writeQuarantine(
      OutputLayout layout, Provenance provenance, String stage, Dataset<Row> rejects) {
    ResultTables.replaceRun(
        provenance.stamp(rejects),
        layout.table(OutputLayout.QUARANTINE),
        provenance,
        Map.of("stage", stage));
  }

  /** The stage's books of this run: a redo of the stage replaces them. */
  private static List<QualityLedger.Entry> record(
      SparkSession spark,
      OutputLayout layout,
      Provenance provenance,
      String stage,
      QualityLedger ledger) {
    List<Row> rows =
        ledger.entries().stream()
            .map(
                e ->
                    RowFactory.create(
                        e.stage(), e.table(), e.rule(), e.rowsIn(), e.kept(), e.quarantined()))
            .toList();
    ResultTables.replaceRun(
        provenance.stamp(spark.createDataFrame(rows, QUALITY_SCHEMA)),
        layout.table(OutputLayout.DATA_QUALITY),
        provenance,
        Map.of("stage", stage));
    return ledger.entries();
  }

  /** Quarantine rows this run wrote at {@code stage}, by table then rule: a handful of groups. */
  private static Map<String, Map<String, Long>> quarantineCounts(
      SparkSession spark, OutputLayout layout, Provenance provenance, String stage) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    ResultTables.read(
            spark, layout.table(OutputLayout.QUARANTINE), Provenance.schemaOf(Quarantine.SCHEMA))
        .filter(provenance.rowsOfThisRun().and(col("stage").equalTo(stage)))
        .groupBy("table_name", "rule")
        .count()
        .collectAsList()
        .forEach(
            r ->
                counts
                    .computeIfAbsent(r.getString(0), k -> new HashMap<>())
                    .put(r.getString(1), r.getLong(2)));
    return counts;
  }

  /** data_quality columns before provenance. */
  public static final StructType QUALITY_SCHEMA =
      DataTypes.createStructType(
          List.of(
              field("stage", DataTypes.StringType),
              field("table_name", DataTypes.StringType),
              field("rule", DataTypes.StringType),
              field("rows_in", DataTypes.LongType),
              field("kept", DataTypes.LongType),
              field("quarantined", DataTypes.LongType)));

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }
}
