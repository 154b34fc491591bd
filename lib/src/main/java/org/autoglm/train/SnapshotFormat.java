package org.autoglm.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * The snapshot on disk: a small header, then node records in index order and edge records, in
 * parts: {@code nodes-NNNNN.bin} files each holding a contiguous range of nodes, {@code
 * edges-NNNNN.bin} files each some of the edges. Many executor tasks write it at once, none holding
 * the graph, and a reader can take any part alone. The header lists the parts in node order.
 */
public final class SnapshotFormat {
  public static final String HEADER = "header.bin";
  private static final int MAGIC = 0x41474c53; // "AGLS"
  private static final int VERSION = 3;
  private static final int PARTS_VERSION = 2; // parts, without the feature entry count
  private static final int ONE_FILE_VERSION = 1; // nodes.bin and edges.bin, read as one part each

  /** One file of records: its number (-1: a version 1 snapshot's single file) and row count. */
  public record Part(int id, long rows) {}

  private SnapshotFormat() {}

  /**
   * Sizes, class names and fingerprint, and the parts: what a reader needs before the records.
   *
   * @param numFeatureEntries stored feature values over all nodes; -1 when unknown (a snapshot
   *     written before it was counted)
   * @param nodeParts the node files in node order: part k holds the nodes after those of parts
   *     before it
   */
  public record Header(
      String fingerprint,
      int numNodes,
      long numEdges,
      int numFeatures,
      long numFeatureEntries,
      List<String> classNames,
      List<Part> nodeParts,
      List<Part> edgeParts) {
    public Header {
      classNames = List.copyOf(classNames);
      nodeParts = List.copyOf(nodeParts);
      edgeParts = List.copyOf(edgeParts);
      long nodes = nodeParts.stream().mapToLong(Part::rows).sum();
      long edges = edgeParts.stream().mapToLong(Part::rows).sum();
      if (nodes != numNodes || edges != numEdges) {
        throw new IllegalArgumentException(
            "snapshot parts hold "
                + nodes
                + " nodes and "
                + edges
                + " edges, but the header counts "
                + numNodes
                + " and "
                + numEdges);
      }
    }

    /** A snapshot of one node file and one edge file, numbered 0. */
    public static Header onePart(
        String fingerprint,
        int numNodes,
        long numEdges,
        int numFeatures,
        long numFeatureEntries,
        List<String> classes) {
      return new Header(
          fingerprint,
          numNodes,
          numEdges,
          numFeatures,
          numFeatureEntries,
          classes,
          List.of(new Part(0, numNodes)),
          List.of(new Part(0, numEdges)));
    }
  }

  /** The file of node part {@code id}. */
  public static String nodesFile(int id) {
    return id < 0 ? "nodes.bin" : String.format("nodes-%05d.bin", id);
  }

  /** The file of edge part {@code id}. */
  public static String edgesFile(int id) {
    return id < 0 ? "edges.bin" : String.format("edges-%05d.bin", id);
  }

  public static void writeHeader(DataOutputStream out, Header header) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(header.fingerprint());
    out.writeInt(header.numNodes());
    out.writeLong(header.numEdges());
    out.writeInt(header.numFeatures());
    out.writeLong(header.numFeatureEntries());
    out.writeInt(header.classNames().size());
    for (String name : header.classNames()) {
      out.writeUTF(name);
    }
    for (List<Part> parts : List.of(header.nodeParts(), header.edgeParts())) {
      out.writeInt(parts.size());
      for (Part part : parts) {
        out.writeInt(part.id());
        out.writeLong(part.rows());
      }
    }
  }

  public static Header readHeader(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a graph snapshot header (bad magic number)");
    }
    int version = in.readInt();
    if (version != VERSION && version != PARTS_VERSION && version != ONE_FILE_VERSION) {
      throw new IOException(
          "graph snapshot format " + version + " is not supported; rerun the collect stage");
    }
    String fingerprint = in.readUTF();
    int nodes = in.readInt();
    long edges = in.readLong();
    int features = in.readInt();
    long entries = version == VERSION ? in.readLong() : -1;
    List<String> classes = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      classes.add(in.readUTF());
    }
    if (version == ONE_FILE_VERSION) {
      return new Header(
          fingerprint,
          nodes,
          edges,
          features,
          entries,
          classes,
          List.of(new Part(-1, nodes)),
          List.of(new Part(-1, edges)));
    }
    return new Header(fingerprint, nodes, edges, features, entries, classes, parts(in), parts(in));
  }

  private static List<Part> parts(DataInputStream in) throws IOException {
    List<Part> parts = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      parts.add(new Part(in.readInt(), in.readLong()));
    }
    return parts;
  }

  /** Opens a file of the snapshot by name. */
  @FunctionalInterface
  public interface Files {
    DataInputStream open(String name) throws IOException;
  }

  /** One node: label index (-1 unknown), split, sparse features. */
  public static void writeNode(
      DataOutputStream out, int label, Split split, int[] columns, float[] values)
      throws IOException {
    out.writeInt(label);
    out.writeByte(split.ordinal());
    out.writeInt(columns.length);
    for (int k = 0; k < columns.length; k++) {
      out.writeInt(columns[k]);
      out.writeFloat(values[k]);
    }
  }

  public static void writeEdge(DataOutputStream out, int src, int dst) throws IOException {
    out.writeInt(src);
    out.writeInt(dst);
  }

  /**
   * Writes {@code graph} into {@code folder} on the local disk as a snapshot of one part each: for
   * a graph built in memory (tests, a graph loaded whole that needs sampling).
   */
  public static Header write(GraphSnapshot graph, java.nio.file.Path folder) throws IOException {
    java.nio.file.Files.createDirectories(folder);
    Header header =
        Header.onePart(
            graph.fingerprint(),
            graph.numNodes(),
            graph.numEdges(),
            graph.numFeatures(),
            graph.numFeatureEntries(),
            graph.classNames());
    try (DataOutputStream out = output(folder.resolve(HEADER));
        DataOutputStream nodes = output(folder.resolve(nodesFile(0)));
        DataOutputStream edges = output(folder.resolve(edgesFile(0)))) {
      writeHeader(out, header);
      for (int node = 0; node < graph.numNodes(); node++) {
        writeNode(
            nodes,
            graph.label(node),
            graph.split(node),
            graph.featureColumns(node),
            graph.featureValues(node));
      }
      for (int e = 0; e < graph.numEdges(); e++) {
        writeEdge(edges, graph.edgeSrc(e), graph.edgeDst(e));
      }
    }
    return header;
  }

  /** A local file of the snapshot in {@code folder}, to read. */
  public static DataInputStream input(java.nio.file.Path file) throws IOException {
    return new DataInputStream(
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16));
  }

  /** A local file to write, buffered. */
  static DataOutputStream output(java.nio.file.Path file) throws IOException {
    return new DataOutputStream(
        new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 16));
  }

  /** Reads every part {@code header} lists into a snapshot. */
  public static GraphSnapshot read(Header header, Files files) throws IOException {
    if (header.numEdges() > Integer.MAX_VALUE) {
      throw new IOException("graphs over 2^31 edges do not fit one trial's memory");
    }
    GraphSnapshot.Builder builder =
        GraphSnapshot.builder(header.numNodes(), header.numFeatures(), header.classNames());
    Split[] splits = Split.values();
    for (Part part : header.nodeParts()) {
      try (DataInputStream nodes = files.open(nodesFile(part.id()))) {
        for (long i = 0; i < part.rows(); i++) {
          int label = nodes.readInt();
          Split split = splits[nodes.readByte()];
          int count = nodes.readInt();
          int[] columns = new int[count];
          float[] values = new float[count];
          for (int k = 0; k < count; k++) {
            columns[k] = nodes.readInt();
            values[k] = nodes.readFloat();
          }
          builder.addNode(label, split, columns, values);
        }
      }
    }
    for (Part part : header.edgeParts()) {
      try (DataInputStream edges = files.open(edgesFile(part.id()))) {
        for (long e = 0; e < part.rows(); e++) {
          builder.addEdge(edges.readInt(), edges.readInt());
        }
      }
    }
    return builder.build(header.fingerprint());
  }
}
