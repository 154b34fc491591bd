package org.autoglm.run;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.config.ExperimentConfig.DataConfig.Source;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.Quarantine;
import org.autoglm.graph.clean.GraphCleaner;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.graph.io.LinqsReader;
import org.autoglm.graph.synth.SyntheticGraph;

/**
 * Collect and clean as Spark jobs: raw tables, clean tables, quarantine and data_quality, with the
 * books balanced from independent counts. Nothing graph-sized reaches the driver.
 */
public final class DataPipeline {
  private static final List<String> COLLECT_RULES = List.of("malformed_line");
  private static final List<String> SPLIT_RULES =
      List.of("malformed_line", "duplicate_split", "unknown_split_node");

  private DataPipeline() {}

  /** What collect and clean produced. */
  public record CleanReport(
      String cleanNodes, String cleanEdges, List<QualityLedger.Entry> quality) {}

  public static CleanReport run(
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
              RawGraph graph = read(spark, config);
              graph.nodes().write().mode(SaveMode.Overwrite).parquet(rawNodesPath);
              graph.edges().write().mode(SaveMode.Overwrite).parquet(rawEdgesPath);
              appendQuarantine(layout, provenance, graph.rejects());
              return graph;
            });

    String cleanNodesPath = layout.graph(study, "clean", "nodes");
    String cleanEdgesPath = layout.graph(study, "clean", "edges");
    SparkJobs.labelled(
        spark,
        "clean",
        "clean: duplicate, dangling and self-loop rules",
        () -> {
          RawGraph stored =
              new RawGraph(
                  spark.read().parquet(rawNodesPath),
                  spark.read().parquet(rawEdgesPath),
                  raw.rejects(),
                  raw.inputRows());
          GraphCleaner.Verdicts verdicts = GraphCleaner.judge(stored, config.clean());
          verdicts.cleanNodes().write().mode(SaveMode.Overwrite).parquet(cleanNodesPath);
          verdicts.cleanEdges().write().mode(SaveMode.Overwrite).parquet(cleanEdgesPath);
          appendQuarantine(layout, provenance, verdicts.quarantine());
          return null;
        });

    List<QualityLedger.Entry> quality =
        SparkJobs.labelled(
            spark,
            "data-quality",
            "data quality: count rows in, kept, quarantined",
            () -> balanceBooks(spark, raw, layout, provenance, config));
    return new CleanReport(cleanNodesPath, cleanEdgesPath, quality);
  }

  private static RawGraph read(SparkSession spark, ExperimentConfig config) {
    if (config.data().source() == Source.SYNTHETIC) {
      return SyntheticGraph.generate(spark, config.data().synthetic(), config.study().seed());
    }
    LinqsReader.Files files = LinqsReader.locate(spark, config.data().path(), config.data().name());
    return LinqsReader.read(spark, files);
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

  private static List<QualityLedger.Entry> balanceBooks(
      SparkSession spark,
      RawGraph raw,
      OutputLayout layout,
      Provenance provenance,
      ExperimentConfig config) {
    String study = config.study().name();
    Map<String, Map<String, Long>> quarantined = quarantineCounts(spark, layout, provenance);
    Dataset<Row> rawNodes = spark.read().parquet(layout.graph(study, "raw", "nodes"));
    long rawNodeCount = rawNodes.count();
    long rawEdgeCount = spark.read().parquet(layout.graph(study, "raw", "edges")).count();

    QualityLedger ledger = new QualityLedger();
    ledger.add(
        "collect",
        "nodes",
        COLLECT_RULES,
        raw.inputRows().get("nodes").getAsLong(),
        rawNodeCount,
        quarantined.getOrDefault("collect/nodes", Map.of()));
    ledger.add(
        "collect",
        "edges",
        COLLECT_RULES,
        raw.inputRows().get("edges").getAsLong(),
        rawEdgeCount,
        quarantined.getOrDefault("collect/edges", Map.of()));
    if (raw.inputRows().containsKey("split")) {
      ledger.add(
          "collect",
          "split",
          SPLIT_RULES,
          raw.inputRows().get("split").getAsLong(),
          // Split lines applied: distinct nodes that got one (a repeated node row shares it).
          rawNodes.filter(col("split").isNotNull()).select("node_key").distinct().count(),
          quarantined.getOrDefault("collect/split", Map.of()));
    }
    ledger.add(
        "clean",
        "nodes",
        GraphCleaner.NODE_RULES,
        rawNodeCount,
        spark.read().parquet(layout.graph(study, "clean", "nodes")).count(),
        quarantined.getOrDefault("clean/nodes", Map.of()));
    ledger.add(
        "clean",
        "edges",
        GraphCleaner.EDGE_RULES,
        rawEdgeCount,
        spark.read().parquet(layout.graph(study, "clean", "edges")).count(),
        quarantined.getOrDefault("clean/edges", Map.of()));

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

  /** Quarantine rows this run wrote, by "stage/table" then rule: a handful of groups. */
  private static Map<String, Map<String, Long>> quarantineCounts(
      SparkSession spark, OutputLayout layout, Provenance provenance) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    Tables.read(
            spark, layout.table(OutputLayout.QUARANTINE), Provenance.schemaOf(Quarantine.SCHEMA))
        .filter(
            col("study").equalTo(provenance.study()).and(col("run_id").equalTo(provenance.runId())))
        .groupBy("stage", "table_name", "rule")
        .count()
        .collectAsList()
        .forEach(
            r ->
                counts
                    .computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new HashMap<>())
                    .put(r.getString(2), r.getLong(3)));
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
