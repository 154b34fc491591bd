package org.autoglm.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.autoglm.config.ConfigException;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.InputException;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Provenance;
import org.autoglm.study.OutputLayout;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly source of dated partitions: each collect reads only the files the manifest lacks, a
 * collect with nothing new writes nothing, and ids stay the same from one night to the next.
 */
@Tag("slow")
class IncrementalCollectTest extends SparkTestBase {
  @TempDir Path dir;

  private ExperimentConfig config(String... overrides) {
    return TestConfigs.load(
        dir.resolve("out"),
        "study: {name: nightly}\ndata: {source: edges, incremental: true}",
        Stream.concat(Stream.of("data.path=" + dir.resolve("in/edges")), Stream.of(overrides))
            .toArray(String[]::new));
  }

  private DataPipeline.CollectReport collect(ExperimentConfig config, String runId, int day) {
    Provenance provenance = new Provenance("nightly", runId, LocalDate.of(2026, 11, day), "h", "v");
    return DataPipeline.collect(
        spark, config, new OutputLayout(config.output().path()), provenance);
  }

  private DataPipeline.CleanReport clean(ExperimentConfig config) {
    Provenance provenance =
        new Provenance("nightly", "clean", LocalDate.of(2026, 11, 23), "h", "v");
    return DataPipeline.clean(spark, config, new OutputLayout(config.output().path()), provenance);
  }

  private void write(String name, String... lines) throws IOException {
    Path file = dir.resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private List<String> table(String relative, String expression, String order) {
    return spark
        .read()
        .parquet(dir.resolve("out").resolve(relative).toString())
        .orderBy(order)
        .selectExpr(expression)
        .as(Encoders.STRING())
        .collectAsList();
  }

  /** Every output file with its size and modification time: what "writes nothing" means. */
  private Map<String, String> outputFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      return files
          .filter(Files::isRegularFile)
          .collect(
              Collectors.toMap(
                  Path::toString,
                  f -> {
                    try {
                      return Files.size(f) + "@" + Files.getLastModifiedTime(f);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  },
                  (a, b) -> a,
                  TreeMap::new));
    }
  }

  @Test
  void eachNightReadsOnlyNewFilesAndRunningAgainIsANoOp() throws IOException {
    write("edges/date=2026-11-21/part-0.csv", "src,dst", "a,b", "b,c");
    ExperimentConfig config = config();

    DataPipeline.CollectReport first = collect(config, "night-1", 21);
    assertThat(first.batch().files()).isEqualTo(1);
    assertThat(first.batch().consumedEarlier()).isZero();
    assertThat(first.quality().get(0))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 2, 2, 0));

    Map<String, String> before = outputFiles();
    DataPipeline.CollectReport again = collect(config, "night-1-rerun", 21);
    assertThat(again.batch().isNothingNew()).isTrue();
    assertThat(again.batch().consumedEarlier()).isEqualTo(1);
    assertThat(again.quality()).isEmpty();
    assertThat(outputFiles()).isEqualTo(before);

    write("edges/date=2026-11-22/part-0.csv", "src,dst", "c,d", "d,a", "e");
    DataPipeline.CollectReport second = collect(config, "night-2", 22);
    assertThat(second.batch().files()).isEqualTo(1);
    assertThat(second.batch().consumedEarlier()).isEqualTo(1);
    assertThat(second.batch().name()).isNotEqualTo(first.batch().name());
    assertThat(second.quality().get(0))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 3, 2, 1));

    // Earlier keys keep their ids; the new key continues after them.
    assertThat(table("graphs/nightly/id_map", "concat(node_key, '=', node_id)", "node_id"))
        .containsExactly("a=0", "b=1", "c=2", "d=3");
    // A node the second night only implies as an endpoint is not added twice.
    assertThat(table("graphs/nightly/raw/nodes", "string(node_id)", "node_id"))
        .containsExactly("0", "1", "2", "3");
    assertThat(table("graphs/nightly/raw/edges", "concat(src, '-', dst)", "line"))
        .containsExactlyInAnyOrder("0-1", "1-2", "2-3", "3-0");
    assertThat(table("graphs/nightly/manifest", "regexp_extract(path, 'date=[^/]*', 0)", "path"))
        .containsExactly("date=2026-11-21", "date=2026-11-22");

    DataPipeline.CleanReport cleaned = clean(config);
    assertThat(cleaned.quality())
        .contains(new QualityLedger.Entry("clean", "edges", "all", 4, 4, 0))
        .contains(new QualityLedger.Entry("clean", "nodes", "all", 4, 4, 0));

    // Symmetrised, the clean edges gain each missing reverse, booked apart from the judged rows.
    DataPipeline.CleanReport symmetric = clean(config("clean.symmetrize=true"));
    assertThat(symmetric.quality())
        .contains(new QualityLedger.Entry("clean", "edges", "all", 4, 4, 0))
        .contains(new QualityLedger.Entry("clean", "edges", "reverse_edge", 4, 4, 0));
    assertThat(table("graphs/nightly/clean/edges", "concat(src, '-', dst)", "src"))
        .hasSize(8)
        .contains("1-0", "2-1", "3-2", "0-3");
  }

  @Test
  void aCollectThatDiedBeforeItsManifestRewritesItsBatchInsteadOfDoublingIt() throws IOException {
    write("edges/date=2026-11-21/part-0.csv", "src,dst", "a,b", "b,c");
    ExperimentConfig config = config();
    collect(config, "night-1", 21);
    // The manifest is written last: without it, the same files are read again as the same batch.
    org.apache.commons.io.FileUtils.deleteDirectory(
        dir.resolve("out/graphs/nightly/manifest").toFile());

    DataPipeline.CollectReport retried = collect(config, "night-1-retry", 21);

    assertThat(retried.batch().files()).isEqualTo(1);
    assertThat(table("graphs/nightly/raw/edges", "concat(src, '-', dst)", "line"))
        .containsExactly("0-1", "1-2");
    assertThat(table("graphs/nightly/id_map", "concat(node_key, '=', node_id)", "node_id"))
        .containsExactly("a=0", "b=1", "c=2");
  }

  @Test
  void newEdgesResolveAgainstAnEarlierNightsNodeTable() throws IOException {
    write("nodes/day-1.csv", "id,label,features", "a,x,0:1", "b,y,1:1");
    write("edges/day-1.csv", "src,dst", "a,b");
    ExperimentConfig config =
        config("data.nodes.path=" + dir.resolve("in/nodes"), "data.nodes.label=label");
    collect(config, "night-1", 21);

    write("edges/day-2.csv", "src,dst", "b,a", "a,z");
    DataPipeline.CollectReport second = collect(config, "night-2", 22);

    assertThat(second.quality())
        .contains(
            new QualityLedger.Entry("collect", "edges", "all", 2, 2, 0),
            new QualityLedger.Entry("collect", "nodes", "all", 0, 0, 0));
    DataPipeline.CleanReport cleaned = clean(config);
    assertThat(cleaned.quality())
        .contains(new QualityLedger.Entry("clean", "edges", "all", 3, 2, 1))
        .contains(new QualityLedger.Entry("clean", "edges", "dangling_edge", 3, 2, 1));
    assertThat(table("graphs/nightly/clean/edges", "concat(src, '-', dst)", "src"))
        .containsExactly("0-1", "1-0");
  }

  @Test
  void aConsumedFileThatChangedStopsTheCollect() throws IOException {
    write("edges/date=2026-11-21/part-0.csv", "src,dst", "a,b");
    ExperimentConfig config = config();
    collect(config, "night-1", 21);
    write("edges/date=2026-11-21/part-0.csv", "src,dst", "a,b", "b,c");
    Path changed = dir.resolve("in/edges/date=2026-11-21/part-0.csv");

    assertThatThrownBy(() -> collect(config, "night-2", 22))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(
            "data.path file 'file:"
                + changed
                + "' has changed since collect consumed it on 2026-11-21")
        .hasMessageContaining("then 12 bytes")
        .hasMessageContaining("now 16 bytes")
        .hasMessageEndingWith(
            "With data.incremental the files of a source must not change: write new rows to a new"
                + " file, or set data.incremental: false to collect everything again");
  }

  @Test
  void generatedSourcesCannotBeIncremental() {
    assertThatThrownBy(
            () -> TestConfigs.load(dir, "data: {source: synthetic}", "data.incremental=true"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "'data.incremental' is true but data.source is synthetic: only edges and ntriples"
                + " sources are folders of files a manifest can track; set data.incremental:"
                + " false");
  }
}
