package org.autoglm.run;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
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
import org.autoglm.graph.GraphSources;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.GraphTables.SourceBooks;
import org.autoglm.graph.Quarantine;
import org.autoglm.graph.augment.GraphAugmenter;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.graph.io.InputException;
import org.autoglm.graph.split.Splitter;

/**
 * Collect and clean as Spark jobs: raw tables, clean tables, quarantine and data_quality, with the
 * books balanced from independent counts. Nothing graph-sized reaches the driver.
 */
public final class DataPipeline {
  private DataPipeline() {}

  /** What collect produced: the raw tables' paths and the collect stage's books. */
  public record CollectReport(
      String rawNodes, String rawEdges, List<QualityLedger.Entry> quality) {}

  /** What clean produced. */
  public record CleanReport(
      String cleanNodes, String cleanEdges, List<QualityLedger.Entry> quality) {}

  /** Collect then clean, as {@code run} does. */
  public static CleanReport run(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    CollectReport collected = collect(spark, config, layout, provenance);
    CleanReport cleaned = clean(spark, config, layout, provenance);
    List<QualityLedger.Entry> quality = new java.util.ArrayList<>(collected.quality());
    quality.addAll(cleaned.quality());
    return new CleanReport(cleaned.cleanNodes(), cleaned.cleanEdges(), List.copyOf(quality));
  }

  /**
   * Reads the configured source into {@code graphs/<study>/raw/}, writes the id map, quarantines
   * unreadable rows and records the collect stage's books.
   */
  public static CollectReport collect(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    String study = config.study().name();
    String rawNodesPath = layout.graph(study, "raw", "nodes");
    String rawEdgesPath = layout.graph(study, "raw", "edges");
    RawGraph raw =
        SparkJobs.labelled(
            spark,
            "collect",
            "collect: read " + config.data().source().name().toLowerCase() + " graph",
            () -> {
              RawGraph graph = GraphSources.read(spark, config, null);
              graph.nodes().write().mode(SaveMode.Overwrite).parquet(rawNodesPath);
              graph.edges().write().mode(SaveMode.Overwrite).parquet(rawEdgesPath);
              if (graph.attributes() != null) {
                graph
                    .attributes()
                    .write()
                    .mode(SaveMode.Overwrite)
                    .parquet(layout.graph(study, "raw", "attributes"));
              }
              spark
                  .read()
                  .parquet(rawNodesPath)
                  .select("node_key", "node_id")
                  .distinct()
                  .write()
                  .mode(SaveMode.Overwrite)
                  .parquet(layout.idMap(study));
              appendQuarantine(layout, provenance, graph.rejects());
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
                if (rowsIn == 0) {
                  throw emptySource(config, books.table());
                }
                LongSupplier kept = books.kept();
                if (kept == null) {
                  String table = layout.graph(study, "raw", books.table());
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
              return record(spark, layout, provenance, ledger);
            });
    return new CollectReport(rawNodesPath, rawEdgesPath, quality);
  }

  /** Judges the raw tables by the cleaning rules into {@code graphs/<study>/clean/}. */
  public static CleanReport clean(
      SparkSession spark, ExperimentConfig config, OutputLayout layout, Provenance provenance) {
    String study = config.study().name();
    String rawNodesPath = layout.graph(study, "raw", "nodes");
    String rawEdgesPath = layout.graph(study, "raw", "edges");
    String cleanNodesPath = layout.graph(study, "clean", "nodes");
    String cleanEdgesPath = layout.graph(study, "clean", "edges");
    SparkJobs.labelled(
        spark,
        "clean",
        "clean: " + String.join(", ", GraphCleaner.EDGE_RULES) + " and node rules",
        () -> {
          GraphCleaner.Verdicts verdicts =
              GraphCleaner.judge(
                  spark.read().parquet(rawNodesPath),
                  spark.read().parquet(rawEdgesPath),
                  config.clean());
          Splitter.assign(spark, verdicts.cleanNodes(), config.split(), config.study().seed())
              .write()
              .mode(SaveMode.Overwrite)
              .parquet(cleanNodesPath);
          verdicts.cleanEdges().write().mode(SaveMode.Overwrite).parquet(cleanEdgesPath);
          appendQuarantine(layout, provenance, verdicts.quarantine());
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
                  spark.read().parquet(rawNodesPath).count(),
                  spark.read().parquet(cleanNodesPath).count(),
                  quarantined.getOrDefault("nodes", Map.of()));
              ledger.add(
                  "clean",
                  "edges",
                  GraphCleaner.EDGE_RULES,
                  spark.read().parquet(rawEdgesPath).count(),
                  spark.read().parquet(cleanEdgesPath).count(),
                  quarantined.getOrDefault("edges", Map.of()));
              return record(spark, layout, provenance, ledger);
            });
    return new CleanReport(cleanNodesPath, cleanEdgesPath, quality);
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

  private static void appendQuarantine(
      OutputLayout layout, Provenance provenance, Dataset<Row> rejects) {
    provenance
        .stamp(rejects)
        .write()
        .mode(SaveMode.Append)
        .partitionBy("study", "run_date")
        .parquet(layout.table(OutputLayout.QUARANTINE));
  }

  private static List<QualityLedger.Entry> record(
      SparkSession spark, OutputLayout layout, Provenance provenance, QualityLedger ledger) {
    List<Row> rows =
        ledger.entries().stream()
            .map(
                e ->
                    RowFactory.create(
                        e.stage(), e.table(), e.rule(), e.rowsIn(), e.kept(), e.quarantined()))
            .toList();
    provenance
        .stamp(spark.createDataFrame(rows, QUALITY_SCHEMA))
        .write()
        .mode(SaveMode.Append)
        .partitionBy("study", "run_date")
        .parquet(layout.table(OutputLayout.DATA_QUALITY));
    return ledger.entries();
  }

  /** Quarantine rows this run wrote at {@code stage}, by table then rule: a handful of groups. */
  private static Map<String, Map<String, Long>> quarantineCounts(
      SparkSession spark, OutputLayout layout, Provenance provenance, String stage) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    Tables.read(
            spark, layout.table(OutputLayout.QUARANTINE), Provenance.schemaOf(Quarantine.SCHEMA))
        .filter(
            col("study")
                .equalTo(provenance.study())
                .and(col("run_id").equalTo(provenance.runId()))
                .and(col("stage").equalTo(stage)))
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
