package org.autoglm.graph;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.config.ExperimentConfig.DataConfig;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.io.EdgeListReader;
import org.autoglm.graph.io.LinqsReader;
import org.autoglm.graph.io.NTriplesReader;
import org.autoglm.graph.io.SourceFiles;
import org.autoglm.graph.synth.SyntheticGraph;

/** The configured source, read (or generated) into raw tables. */
public final class GraphSources {
  private GraphSources() {}

  /**
   * @param files the data files to read for file-list sources; null lists all under data.path
   */
  public static RawGraph read(SparkSession spark, ExperimentConfig config, List<String> files) {
    DataConfig data = config.data();
    return switch (data.source()) {
      case SYNTHETIC -> SyntheticGraph.generate(spark, data.synthetic(), config.study().seed());
      case LINQS -> LinqsReader.read(spark, LinqsReader.locate(spark, data.path(), data.name()));
      case EDGES ->
          EdgeListReader.read(
              spark, data.path(), data.edges(), files(spark, data, files), data.nodes());
      case NTRIPLES ->
          NTriplesReader.read(spark, data.path(), files(spark, data, files), data.labelPredicate());
    };
  }

  private static List<String> files(SparkSession spark, DataConfig data, List<String> files) {
    if (files != null) {
      return files;
    }
    return SourceFiles.list(spark.sparkContext().hadoopConfiguration(), "data.path", data.path())
        .stream()
        .map(SourceFiles.DataFile::path)
        .toList();
  }
}
