package org.autoglm.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * The snapshot on disk: a small header, then node records in index order and edge records, each in
 * its own file so that two executor tasks can stream them without holding the graph.
 */
public final class SnapshotFormat {
  public static final String HEADER = "header.bin";
  public static final String NODES = "nodes.bin";
  public static final String EDGES = "edges.bin";
  private static final int MAGIC = 0x41474c53; // "AGLS"
  private static final int VERSION = 1;

  private SnapshotFormat() {}

  /** Sizes, class names and fingerprint: what a reader needs before the records. */
  public record Header(
      String fingerprint, int numNodes, long numEdges, int numFeatures, List<String> classNames) {
    public Header {
      classNames = List.copyOf(classNames);
    }
  }

  public static void writeHeader(DataOutputStream out, Header header) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(header.fingerprint());
    out.writeInt(header.numNodes());
    out.writeLong(header.numEdges());
    out.writeInt(header.numFeatures());
    out.writeInt(header.classNames().size());
    for (String name : header.classNames()) {
      out.writeUTF(name);
    }
  }

  public static Header readHeader(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a graph snapshot header (bad magic number)");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(
          "graph snapshot format " + version + " is not supported; rerun the collect stage");
    }
    String fingerprint = in.readUTF();
    int nodes = in.readInt();
    long edges = in.readLong();
    int features = in.readInt();
    List<String> classes = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      classes.add(in.readUTF());
    }
    return new Header(fingerprint, nodes, edges, features, classes);
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

  /** Reads the records announced by {@code header} into a snapshot. */
  public static GraphSnapshot read(Header header, DataInputStream nodes, DataInputStream edges)
      throws IOException {
    if (header.numEdges() > Integer.MAX_VALUE) {
      throw new IOException("graphs over 2^31 edges do not fit one trial's memory");
    }
    GraphSnapshot.Builder builder =
        GraphSnapshot.builder(header.numNodes(), header.numFeatures(), header.classNames());
    Split[] splits = Split.values();
    for (int i = 0; i < header.numNodes(); i++) {
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
    for (long e = 0; e < header.numEdges(); e++) {
      builder.addEdge(edges.readInt(), edges.readInt());
    }
    return builder.build(header.fingerprint());
  }
}
