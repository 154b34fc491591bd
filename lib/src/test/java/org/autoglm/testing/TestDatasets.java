package org.autoglm.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.autoglm.graph.GraphSnapshot;
import org.autoglm.graph.GraphSnapshot.Split;
import org.autoglm.graph.io.LinqsLines;

/**
 * The shared datasets beside the checkout ({@code ../shared/datasets}, or the system property
 * {@code autoglm.datasets}). Tests that need one skip with a reason when it is absent, unless
 * {@code autoglm.datasets.required=true} (as in CI), where they fail.
 */
public final class TestDatasets {
  private TestDatasets() {}

  /** The Cora folder, or a skipped/failed test when it is not there. */
  public static Path cora() {
    Path root = Path.of(System.getProperty("autoglm.datasets", "../shared/datasets"));
    Path cora = root.resolve("cora").toAbsolutePath().normalize();
    boolean present = Files.isRegularFile(cora.resolve("cora.content"));
    if (!present && Boolean.getBoolean("autoglm.datasets.required")) {
      fail("Cora is required (autoglm.datasets.required=true) but not found at " + cora);
    }
    assumeTrue(
        present,
        "Cora not found at "
            + cora
            + "; skipping. Point -Dautoglm.datasets at the folder that holds cora/.");
    return cora;
  }

  /** Cora as a snapshot, parsed in plain Java (for trainer tests that need no Spark). */
  public static GraphSnapshot coraSnapshot() {
    Path dir = cora();
    try {
      List<String> contentLines = Files.readAllLines(dir.resolve("cora.content"));
      int columns = LinqsLines.columnCount(contentLines.get(0));
      List<LinqsLines.Content> nodes = new ArrayList<>();
      for (String line : contentLines) {
        nodes.add(LinqsLines.content(line, columns).value());
      }
      Map<String, String> splits = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("cora.split"), StandardCharsets.UTF_8)) {
        LinqsLines.SplitAssignment s = LinqsLines.split(line).value();
        splits.put(s.nodeKey(), s.split());
      }
      List<String> classes =
          new ArrayList<>(new TreeSet<>(nodes.stream().map(LinqsLines.Content::label).toList()));
      Map<String, Integer> index = new HashMap<>();
      GraphSnapshot.Builder builder = GraphSnapshot.builder(nodes.size(), columns - 2, classes);
      for (LinqsLines.Content node : nodes) {
        index.put(node.nodeKey(), index.size());
        builder.addNode(
            classes.indexOf(node.label()),
            Split.of(splits.get(node.nodeKey())),
            node.featureColumns(),
            node.featureValues());
      }
      for (String line : Files.readAllLines(dir.resolve("cora.cites"))) {
        LinqsLines.Cite cite = LinqsLines.cite(line).value();
        builder.addEdge(index.get(cite.src()), index.get(cite.dst()));
      }
      return builder.build("cora-test-fixture");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
