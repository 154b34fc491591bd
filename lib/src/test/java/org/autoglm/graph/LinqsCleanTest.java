package org.autoglm.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.clean.QualityLedger;
import org.autoglm.run.DataPipeline;
import org.autoglm.run.Provenance;
import org.autoglm.study.OutputLayout;
import org.autoglm.testing.SparkTestBase;
import org.autoglm.testing.TestConfigs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LINQS reader and the cleaning rules on a small graph with one of every defect. */
@Tag("slow")
class LinqsCleanTest extends SparkTestBase {
  @TempDir Path dir;

  private DataPipeline.Prepared collectAndClean(String runId) throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve("g.content"),
        String.join(
            "\n",
            "a\t1\t0\t0\tx",
            "b\t0\t1\t0\ty",
            "c\t0\t0\t1\tx",
            "d\t1\t1\t0\ty",
            "e\t1\t0\tx", // line 5: one feature short
            "f\t1\tzero\t0\tx", // line 6: not a number
            "a\t0\t0\t1\ty", // line 7: node 'a' again
            ""));
    Files.writeString(
        data.resolve("g.cites"),
        String.join(
            "\n", "a\tb", // b -> a
            "a\tb", // line 2: the same edge again
            "c\tc", // line 3: self-loop
            "a\tzz", // line 4: zz is not a node
            "a b", // line 5: not tab-separated
            "d\tc", ""));
    Files.writeString(
        data.resolve("g.split"),
        String.join(
            "\n",
            "a\ttrain",
            "b\tval",
            "c\ttest",
            "c\ttrain", // line 4: c already has a split
            "q\ttest", // line 5: q is not a node
            "d\tholdout", // line 6: not a split
            ""));
    ExperimentConfig config =
        TestConfigs.load(
            dir.resolve("out"),
            "study: {name: defects}\ndata: {source: linqs}",
            "data.path=" + data);
    Provenance provenance = new Provenance("defects", runId, LocalDate.of(2026, 1, 2), "h", "v");
    return DataPipeline.run(spark, config, new OutputLayout(config.output().path()), provenance);
  }

  @Test
  void everyDefectIsQuarantinedWithItsRuleLineAndReason() throws IOException {
    DataPipeline.Prepared report = collectAndClean("run-1");
    Map<String, QualityLedger.Entry> quality =
        report.quality().stream()
            .collect(Collectors.toMap(e -> e.stage() + "/" + e.table() + "/" + e.rule(), e -> e));
    assertThat(quality.get("collect/nodes/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "nodes", "all", 7, 5, 2));
    assertThat(quality.get("collect/edges/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "edges", "all", 6, 5, 1));
    assertThat(quality.get("collect/split/all"))
        .isEqualTo(new QualityLedger.Entry("collect", "split", "all", 6, 3, 3));
    assertThat(quality.get("clean/nodes/conflicting_label").quarantined()).isEqualTo(1);
    assertThat(quality.get("clean/edges/dangling_edge").quarantined()).isEqualTo(1);
    assertThat(quality.get("clean/edges/self_loop").quarantined()).isEqualTo(1);
    assertThat(quality.get("clean/edges/duplicate_edge").quarantined()).isEqualTo(1);
    assertThat(quality.get("clean/edges/all"))
        .isEqualTo(new QualityLedger.Entry("clean", "edges", "all", 5, 2, 3));

    List<String> quarantine =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("out/quarantine").toString())
            .filter("run_id = 'run-1'")
            .selectExpr("concat_ws('|', stage, table_name, rule, line, reason)")
            .orderBy("stage", "table_name", "line")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(quarantine)
        .containsExactlyInAnyOrder(
            "collect|nodes|malformed_line|5|expected 5 tab-separated columns (id, 3 features,"
                + " label) but found 4",
            "collect|nodes|malformed_line|6|feature 1 is 'zero', not a number",
            "collect|edges|malformed_line|5|expected 2 tab-separated columns (cited id, citing id)"
                + " but found 1",
            "collect|split|duplicate_split|4|node already has a split on an earlier line",
            "collect|split|unknown_split_node|5|split names a node that is not in the content file",
            "collect|split|malformed_line|6|split is 'holdout' but must be train, val or test",
            "clean|nodes|conflicting_label|7|node 'a' has conflicting labels [x, y]; its first row is"
                + " kept without a label",
            "clean|edges|duplicate_edge|2|edge 'b' -> 'a' repeats an earlier edge",
            "clean|edges|self_loop|3|edge joins node 'c' to itself",
            "clean|edges|dangling_edge|4|endpoint 'zz' is not a node");

    Row cleanA =
        spark.read().parquet(report.cleaned().cleanNodes()).filter("node_key = 'a'").first();
    assertThat(cleanA.<String>getAs("label")).isNull(); // the first 'a' is kept, unlabelled
    assertThat(cleanA.<String>getAs("split")).isEqualTo("train");
  }

  @Test
  void missingFolderIsNamed() {
    ExperimentConfig config =
        TestConfigs.load(dir, "data: {source: linqs}", "data.path=" + dir.resolve("nowhere"));
    Provenance provenance = new Provenance("x", "r", LocalDate.of(2026, 1, 2), "h", "v");
    assertThatThrownBy(
            () -> DataPipeline.run(spark, config, new OutputLayout(dir.toString()), provenance))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "data.path '"
                + dir.resolve("nowhere")
                + "' does not exist; point it at the folder with the LINQS files");
  }
}
