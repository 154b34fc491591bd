package org.autoglm.graph.io;

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
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * Reads a small LINQS graph from a local folder straight into a {@link GraphSnapshot}, without
 * Spark: for training one model from Java, benchmarks and tests. It is strict — the first bad line
 * stops it with file and line — where the Spark reader quarantines bad rows and goes on.
 */
public final class LinqsLocal {
  private LinqsLocal() {}

  /** Reads {@code <name>.content}, {@code <name>.cites} and the optional {@code <name>.split}. */
  public static GraphSnapshot read(Path dir, String name) {
    try {
      Path contentFile = dir.resolve(name + ".content");
      List<String> contentLines = Files.readAllLines(contentFile, StandardCharsets.UTF_8);
      if (contentLines.isEmpty()) {
        throw new IllegalArgumentException(contentFile + " is empty");
      }
      int columns = LinqsLines.columnCount(contentLines.get(0));
      List<LinqsLines.Content> nodes = new ArrayList<>();
      for (int i = 0; i < contentLines.size(); i++) {
        nodes.add(parsed(LinqsLines.content(contentLines.get(i), columns), contentFile, i));
      }
      Map<String, String> splits = new HashMap<>();
      Path splitFile = dir.resolve(name + ".split");
      if (Files.isRegularFile(splitFile)) {
        List<String> lines = Files.readAllLines(splitFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          LinqsLines.SplitAssignment s = parsed(LinqsLines.split(lines.get(i)), splitFile, i);
          splits.put(s.nodeKey(), s.split());
        }
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
      Path citesFile = dir.resolve(name + ".cites");
      List<String> citeLines = Files.readAllLines(citesFile, StandardCharsets.UTF_8);
      for (int i = 0; i < citeLines.size(); i++) {
        LinqsLines.Cite cite = parsed(LinqsLines.cite(citeLines.get(i)), citesFile, i);
        Integer src = index.get(cite.src());
        Integer dst = index.get(cite.dst());
        if (src == null || dst == null) {
          throw new IllegalArgumentException(
              citesFile + ":" + (i + 1) + ": cites a paper that is not in " + contentFile);
        }
        builder.addEdge(src, dst);
      }
      return builder.build(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read LINQS graph '" + name + "' in " + dir, e);
    }
  }

  private static <T> T parsed(LinqsLines.Parsed<T> line, Path file, int index) {
    if (line.isRejected()) {
      throw new IllegalArgumentException(file + ":" + (index + 1) + ": " + line.rejection());
    }
    return line.value();
  }
}
