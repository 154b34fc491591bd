package org.autoglm.actions;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.run.DataPipeline;
import org.autoglm.study.DataException;
import org.autoglm.train.SnapshotFormat;

/**
 * Checks, before any trial starts, that the cleaned graph can train a model: nodes left, labelled
 * training nodes, edges left when there were any. Failing here is one data error with its reason,
 * instead of the same error in every trial.
 */
final class TrainableGraph {
  /** Above this share of edges dropped by cleaning, the console warns. */
  static final double MOST = 0.5;

  private TrainableGraph() {}

  static void check(
      SparkSession spark,
      SnapshotFormat.Header snapshot,
      DataPipeline.CleanReport clean,
      List<QualityLedger.Entry> quality,
      PrintStream console) {
    Optional<QualityLedger.Entry> nodes = total(quality, "nodes");
    if (snapshot.numNodes() == 0) {
      throw new DataException(
          "the graph is empty after cleaning: "
              + nodes
                  .map(e -> String.format("all %,d nodes were quarantined", e.rowsIn()))
                  .orElse("no nodes are left")
              + "; see the quarantine table for why (bin/autoglm sql \"SELECT rule, reason,"
              + " count(*) FROM quarantine GROUP BY rule, reason\")");
    }
    long labelledTraining =
        spark
            .read()
            .parquet(clean.cleanNodes())
            .filter(col("split").equalTo("train").and(col("label").isNotNull()))
            .limit(1)
            .count();
    if (labelledTraining == 0) {
      throw new DataException(
          "the graph has no labelled training nodes: no clean node has split 'train' and a"
              + " label. Map the split and label columns (data.nodes.split, data.nodes.label), or"
              + " let split.method: planetoid or random choose training nodes");
    }
    Optional<QualityLedger.Entry> edges = total(quality, "edges");
    Optional<QualityLedger.Entry> dangling =
        quality.stream()
            .filter(
                e ->
                    e.stage().equals("clean")
                        && e.table().equals("edges")
                        && e.rule().equals("dangling_edge"))
            .findFirst();
    if (dangling.isPresent()
        && dangling.get().rowsIn() > 0
        && dangling.get().quarantined() == dangling.get().rowsIn()) {
      throw new DataException(
          String.format(
              "every one of the %,d edges is dangling: none joins two known nodes. Check that the"
                  + " edge columns (data.columns.src, data.columns.dst) hold the node table's ids"
                  + " (data.nodes.id)",
              dangling.get().rowsIn()));
    }
    edges
        .filter(e -> e.rowsIn() > 0 && e.kept() < (1 - MOST) * e.rowsIn())
        .ifPresent(
            e ->
                console.printf(
                    "[autoglm] warning: cleaning kept %,d of %,d edges (%.0f %%); see the"
                        + " quarantine table for why%n",
                    e.kept(), e.rowsIn(), 100.0 * e.kept() / e.rowsIn()));
  }

  private static Optional<QualityLedger.Entry> total(
      List<QualityLedger.Entry> quality, String table) {
    return quality.stream()
        .filter(
            e ->
                e.stage().equals("clean")
                    && e.table().equals(table)
                    && e.rule().equals(QualityLedger.ALL_RULES))
        .findFirst();
  }
}
