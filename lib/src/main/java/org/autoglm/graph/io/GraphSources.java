package org.autoglm.graph.io;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.Digests;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.config.ExperimentConfig.DataConfig;
import org.autoglm.graph.GraphTables.RawGraph;
import org.autoglm.graph.io.SourceFiles.DataFile;
import org.autoglm.graph.synth.SyntheticGraph;

/** The configured source, read (or generated) into raw tables. */
public final class GraphSources {
  private GraphSources() {}

  /**
   * The files a collect reads: under {@code data.path} and, for edge lists with a node table, under
   * {@code data.nodes.path}. Either list may be empty when an incremental collect has nothing new
   * on that side.
   */
  public record Inputs(List<DataFile> data, List<DataFile> nodes) {
    public Inputs {
      data = List.copyOf(data);
      nodes = List.copyOf(nodes);
    }

    public boolean isEmpty() {
      return data.isEmpty() && nodes.isEmpty();
    }

    public long bytes() {
      return Stream.concat(data.stream(), nodes.stream()).mapToLong(DataFile::bytes).sum();
    }

    /**
     * Names the batch these files make: the same files give the same name, so a collect that
     * crashed before recording its manifest rewrites its own batch instead of adding a second.
     */
    public String batch() {
      StringBuilder identity = new StringBuilder();
      Stream.concat(data.stream(), nodes.stream())
          .sorted(Comparator.comparing(DataFile::path))
          .forEach(
              f ->
                  identity
                      .append(f.path())
                      .append('|')
                      .append(f.bytes())
                      .append('|')
                      .append(f.modified())
                      .append('\n'));
      return Digests.sha256Prefix(identity.toString());
    }
  }

  /**
   * Whether the source is files a manifest can track (synthetic graphs and LINQS pairs are not).
   */
  public static boolean listsFiles(DataConfig data) {
    return data.source() == DataConfig.Source.EDGES || data.source() == DataConfig.Source.NTRIPLES;
  }

  /** Every file of the source; only for sources that {@link #listsFiles list files}. */
  public static Inputs list(SparkSession spark, DataConfig data) {
    var conf = spark.sparkContext().hadoopConfiguration();
    List<DataFile> nodes =
        data.source() == DataConfig.Source.EDGES && data.nodes().path() != null
            ? SourceFiles.list(conf, "data.nodes.path", data.nodes().path())
            : List.of();
    return new Inputs(SourceFiles.list(conf, "data.path", data.path()), nodes);
  }

  /**
   * @param inputs the files to read for sources that list files; ignored by the others
   */
  public static RawGraph read(SparkSession spark, ExperimentConfig config, Inputs inputs) {
    DataConfig data = config.data();
    return switch (data.source()) {
      case SYNTHETIC -> SyntheticGraph.generate(spark, data.synthetic(), config.study().seed());
      case LINQS -> LinqsReader.read(spark, LinqsReader.locate(spark, data.path(), data.name()));
      case EDGES ->
          EdgeListReader.read(
              spark,
              data.path(),
              data.edges(),
              paths(inputs.data()),
              data.nodes(),
              paths(inputs.nodes()));
      case NTRIPLES ->
          NTriplesReader.read(spark, data.path(), paths(inputs.data()), data.labelPredicate());
    };
  }

  private static List<String> paths(List<DataFile> files) {
    return files.stream().map(DataFile::path).toList();
  }
}
