package org.autoglm.graph.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
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

/** Each reader on a small file with defects: rows kept, rows quarantined, errors named. */
@Tag("slow")
class GraphSourcesTest extends SparkTestBase {
  @TempDir Path dir;

  private record Collected(Map<String, QualityLedger.Entry> quality, List<String> quarantine) {}

  private ExperimentConfig config(String yaml, String... overrides) {
    return TestConfigs.load(dir.resolve("out"), "study: {name: g}\n" + yaml, overrides);
  }

  private Collected collectAndClean(ExperimentConfig config) {
    OutputLayout layout = new OutputLayout(config.output().path());
    Provenance provenance = new Provenance("g", "run", LocalDate.of(2026, 11, 23), "h", "v");
    DataPipeline.Prepared report = DataPipeline.run(spark, config, layout, provenance);
    Map<String, QualityLedger.Entry> quality =
        report.quality().stream()
            .collect(Collectors.toMap(e -> e.stage() + "/" + e.table() + "/" + e.rule(), e -> e));
    List<String> quarantine =
        spark
            .read()
            .format("delta")
            .load(layout.table(OutputLayout.QUARANTINE))
            .selectExpr(
                "concat_ws('|', stage, table_name, rule, regexp_extract(source, '[^/]*$', 0),"
                    + " line, reason)")
            .as(Encoders.STRING())
            .collectAsList();
    return new Collected(quality, quarantine);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void csvEdgesWithNodeTableKeepGoodRowsAndQuarantineTheRest() throws IOException {
    write(
        "edges/part-1.csv",
        "weight,to,from,kind",
        "1.0,b,a,cites",
        "2.5,c,b,cites",
        "x,a,c,cites", // line 4: weight not a number
        ",a,,cites", // line 5: empty source id
        "1.0,zz,a,cites", // line 6: zz is not a node
        "1.0,c,a", // line 7: one field short
        "\"1,5\",c,a,\"cites, twice\""); // line 8: quoting: weight "1,5" is not a number
    write("edges/part-2.csv", "from,to,kind,weight", "c,a,links,0.5", "c,a,links,0.5");
    write(
        "nodes.csv",
        "id,label,features,split",
        "a,x,0:1.0 3:2.0,train",
        "b,y,1:1.0,val",
        "c,x,,test", // no features: imputed
        "d,y,2:NaN,train"); // line 5: non-finite feature
    Collected c =
        collectAndClean(
            config(
                """
                data:
                  source: edges
                  columns: {src: from, dst: to, relation: kind, weight: weight}
                """,
                "data.path=" + dir.resolve("in/edges"),
                "data.nodes.path=" + dir.resolve("in/nodes.csv")));

    assertThat(c.quality().get("collect/edges/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 9, 5, 4));
    assertThat(c.quality().get("collect/nodes/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "nodes", "all", 4, 4, 0));
    assertThat(c.quality().get("clean/edges/all"))
        .isEqualTo(new QualityLedger.Entry("clean", "edges", "all", 5, 3, 2));
    assertThat(c.quarantine())
        .containsExactlyInAnyOrder(
            "collect|edges|malformed_line|part-1.csv|4|weight 'x' (column 'weight') is not a"
                + " finite number",
            "collect|edges|null_id|part-1.csv|5|the source id (column 'from') is empty",
            "collect|edges|malformed_line|part-1.csv|7|3 field(s) split on ',' but column 3"
                + " (0-based) is needed",
            "collect|edges|malformed_line|part-1.csv|8|weight '1,5' (column 'weight') is not a"
                + " finite number",
            "clean|nodes|non_finite_feature|nodes.csv|5|node 'd' has a non-finite feature value"
                + " (NaN or Infinity)",
            "clean|edges|dangling_edge|part-1.csv|6|endpoint 'zz' is not a node",
            "clean|edges|duplicate_edge|part-2.csv|3|edge 'c' -> 'a' repeats an earlier edge");

    List<Row> idMap =
        spark
            .read()
            .parquet(dir.resolve("out/graphs/g/id_map").toString())
            .orderBy("node_id")
            .collectAsList();
    assertThat(idMap.stream().map(r -> r.getString(0) + "=" + r.getLong(1)))
        .containsExactly("a=0", "b=1", "c=2", "d=3");
    Row edge =
        spark
            .read()
            .parquet(dir.resolve("out/graphs/g/clean/edges").toString())
            .filter("relation = 'links'")
            .first();
    assertThat(edge.<Double>getAs("weight")).isEqualTo(0.5);
    Row c2 =
        spark
            .read()
            .parquet(dir.resolve("out/graphs/g/clean/nodes").toString())
            .filter("node_key = 'c'")
            .first();
    // missing features are zeros, as wide as the other nodes' vectors
    Vector zeros = c2.getAs("features");
    Row a =
        spark
            .read()
            .parquet(dir.resolve("out/graphs/g/clean/nodes").toString())
            .filter("node_key = 'a'")
            .first();
    assertThat(zeros.numNonzeros()).isZero();
    assertThat(zeros.size()).isEqualTo(a.<Vector>getAs("features").size()).isPositive();
  }

  @Test
  void tsvWithoutHeaderUsesPositionsAndNamesAHeaderLineItFindsAsData() throws IOException {
    write("e.tsv", "src\tdst", "1\t2", "2\t3", "03\t1");
    Collected c =
        collectAndClean(
            config(
                "data: {source: edges, format: tsv, header: false, numeric_ids: true,"
                    + " columns: {src: '0', dst: '1'}}",
                "data.path=" + dir.resolve("in/e.tsv")));
    assertThat(c.quarantine())
        .containsExactly(
            "collect|edges|non_numeric_id|e.tsv|1|the source id 'src' is not an integer"
                + " (data.numeric_ids: true); if line 1 is a header, set header: true");
    assertThat(c.quality().get("collect/edges/all").kept()).isEqualTo(3);
    // "03" and "3" are one node: three nodes in all.
    assertThat(spark.read().parquet(dir.resolve("out/graphs/g/id_map").toString()).count())
        .isEqualTo(3);
  }

  @Test
  void jsonLinesAndParquetReadTheMappedColumns() throws IOException {
    write(
        "e.jsonl",
        "{\"s\": \"a\", \"t\": \"b\", \"w\": 2}",
        "{\"s\": \"b\", \"t\": \"c\"}",
        "{\"s\": \"c\", \"t\": ", // line 3: cut short
        "[1, 2]"); // line 4: not an object
    Collected json =
        collectAndClean(
            config(
                "data: {source: edges, format: jsonl, columns: {src: s, dst: t, weight: w}}",
                "data.path=" + dir.resolve("in/e.jsonl")));
    assertThat(json.quality().get("collect/edges/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 4, 2, 2));
    assertThat(json.quarantine())
        .anyMatch(q -> q.startsWith("collect|edges|malformed_line|e.jsonl|3|not a JSON object:"))
        .contains("collect|edges|malformed_line|e.jsonl|4|not a JSON object");

    Path parquet = dir.resolve("in/pq");
    spark
        .createDataFrame(
            List.of(RowFactory.create(1L, 2L), RowFactory.create(2L, 3L)),
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("u", DataTypes.LongType, false),
                    DataTypes.createStructField("v", DataTypes.LongType, false))))
        .write()
        .parquet(parquet.toString());
    ExperimentConfig pq =
        config(
            "data: {source: edges, format: parquet, columns: {src: u, dst: v}}",
            "data.path=" + parquet,
            "output.path=" + dir.resolve("out2"));
    OutputLayout layout = new OutputLayout(pq.output().path());
    DataPipeline.CollectReport report =
        DataPipeline.collect(
            spark, pq, layout, new Provenance("g", "r", LocalDate.of(2026, 11, 23), "h", "v"));
    assertThat(report.quality().get(0))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 2, 2, 0));
    assertThat(spark.read().parquet(report.rawEdges()).selectExpr("min(line)").first().getLong(0))
        .isEqualTo(1); // row numbers locate Parquet rows

    assertThatThrownBy(
            () ->
                DataPipeline.collect(
                    spark,
                    config(
                        "data: {source: edges, format: parquet, columns: {src: u, dst: target}}",
                        "data.path=" + parquet),
                    layout,
                    new Provenance("g", "r2", LocalDate.of(2026, 11, 23), "h", "v")))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "'data.columns.dst' names column 'target' but the Parquet files under data.path '"
                + parquet
                + "' have u, v");
  }

  @Test
  void nTriplesMakeEdgesLabelsAndAttributes() throws IOException {
    write(
        "kg.nt",
        "# a comment",
        "<http://x/alice> <http://x/knows> <http://x/bob> .",
        "<http://x/bob> <http://x/knows> _:carol .",
        "<http://x/alice> <http://x/type> \"person\" .",
        "<http://x/bob> <http://x/age> \"42\"^^<http://www.w3.org/2001/XMLSchema#int> .",
        "",
        "<http://x/bob> <http://x/knows> .", // line 7: no object
        "<http://x/bob> <http://x/type> \"robot\"@en .");
    Collected c =
        collectAndClean(
            config(
                "data: {source: ntriples, ntriples: {label_predicate: 'http://x/type'}}",
                "data.path=" + dir.resolve("in/kg.nt")));
    assertThat(c.quality().get("collect/triples/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "triples", "all", 6, 5, 1));
    assertThat(c.quarantine())
        .containsExactly(
            "collect|triples|malformed_line|kg.nt|7|the object must be an IRI in <...> or a blank"
                + " node _:x");
    Map<String, String> labels =
        spark
            .read()
            .parquet(dir.resolve("out/graphs/g/clean/nodes").toString())
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> r.<String>getAs("node_key"),
                    r -> String.valueOf(r.<String>getAs("label"))));
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("http://x/alice", "person", "http://x/bob", "robot", "_:carol", "null"));
    Row age = spark.read().parquet(dir.resolve("out/graphs/g/raw/attributes").toString()).first();
    assertThat(age.<String>getAs("value")).isEqualTo("42");
    assertThat(age.<String>getAs("datatype")).isEqualTo("http://www.w3.org/2001/XMLSchema#int");
  }

  @Test
  void nonUtf8BytesAreQuarantinedWithTheirPosition() throws IOException {
    Path file = dir.resolve("in/latin1.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, ("src,dst\na,b\nca" + "f\u00e9,b\n").getBytes(StandardCharsets.ISO_8859_1));
    Collected c = collectAndClean(config("data: {source: edges}", "data.path=" + file));
    assertThat(c.quarantine())
        .containsExactly(
            "collect|edges|encoding|latin1.csv|3|line is not valid UTF-8: byte 0xE9 at byte 4;"
                + " re-encode the file as UTF-8");
  }

  @Test
  void unreadableSourcesFailBeforeAnyJobWithTheFileNamed() throws IOException {
    Path tabs = write("tabs.csv", "src\tdst", "a\tb");
    assertThatThrownBy(() -> collectAndClean(config("data: {source: edges}", "data.path=" + tabs)))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "'data.columns.src' names column 'src' but the header of '"
                + tabs.toUri().toString().replace("file:///", "file:/")
                + "' has 1 column(s) split on ',': 'src\tdst'; the header holds tabs: set"
                + " format: tsv");

    Path utf16 = dir.resolve("in/utf16.csv");
    Files.write(utf16, "src,dst\na,b\n".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> collectAndClean(config("data: {source: edges}", "data.path=" + utf16)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("names column 'src' but the header of '")
        .hasMessageEndingWith(
            "; the file does not look like UTF-8 text (UTF-16, or binary?): save it as UTF-8");

    write("mixed/a.csv", "src,dst", "a,b");
    write("mixed/b.jsonl", "{\"src\": \"a\", \"dst\": \"b\"}");
    Path mixed = dir.resolve("in/mixed");
    assertThatThrownBy(() -> collectAndClean(config("data: {source: edges}", "data.path=" + mixed)))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "data.path '"
                + mixed
                + "' mixes file formats (1 .csv, 1 .jsonl); point it at a folder of one format");

    Path missing = dir.resolve("in/none");
    assertThatThrownBy(
            () -> collectAndClean(config("data: {source: edges}", "data.path=" + missing)))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "data.path '" + missing + "' does not exist; point it at a file or a folder of files");

    Path empty = write("empty/e.csv");
    Files.writeString(empty, "");
    assertThatThrownBy(
            () ->
                collectAndClean(config("data: {source: edges}", "data.path=" + empty.getParent())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "data.path '" + empty.getParent() + "' holds no edges rows: its files are empty");

    Path json = write("j/e.jsonl", "{}");
    assertThatThrownBy(() -> collectAndClean(config("data: {source: edges}", "data.path=" + json)))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("'data.format' is csv but the files under data.path are .jsonl");
  }
}
