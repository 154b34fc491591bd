package org.autoglm.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.autoglm.train.GraphSnapshot.Split;

/**
 * A graph on an executor's local disk, laid out for sampling and read through memory maps: the
 * undirected adjacency as CSR (each neighbour once), feature rows as CSR, labels and splits. A
 * sampled trial reads the rows its batches touch; the pages sit in the operating system's page
 * cache, shared by every trial of the executor and dropped under pressure, so a trial's own memory
 * is bounded by its batches, not by the graph.
 *
 * <p>Built once per graph and executor from the snapshot's parts, streaming: nothing graph-sized is
 * held on the heap while building either.
 */
public final class GraphStore {
  private static final String META = "store.bin";
  private static final int MAGIC = 0x41474c43; // "AGLC"
  private static final int VERSION = 1;
  private static final String LABELS = "labels.bin";
  private static final String SPLITS = "splits.bin";
  private static final String FEATURE_ROWS = "feature-rows.bin";
  private static final String FEATURE_COLUMNS = "feature-columns.bin";
  private static final String FEATURE_VALUES = "feature-values.bin";
  private static final String NEIGHBOUR_ROWS = "neighbour-rows.bin";
  private static final String NEIGHBOURS = "neighbours.bin";

  private final String fingerprint;
  private final int numNodes;
  private final long numEdges;
  private final int numFeatures;
  private final List<String> classNames;
  private final MappedArray labels;
  private final MappedArray splits;
  private final MappedArray featureRows;
  private final MappedArray featureColumns;
  private final MappedArray featureValues;
  private final MappedArray neighbourRows;
  private final MappedArray neighbours;

  private GraphStore(Path dir) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve(META)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a graph store of this version: " + dir);
      }
      fingerprint = in.readUTF();
      numNodes = in.readInt();
      numEdges = in.readLong();
      numFeatures = in.readInt();
      List<String> classes = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        classes.add(in.readUTF());
      }
      classNames = List.copyOf(classes);
    }
    labels = MappedArray.read(dir.resolve(LABELS));
    splits = MappedArray.read(dir.resolve(SPLITS));
    featureRows = MappedArray.read(dir.resolve(FEATURE_ROWS));
    featureColumns = MappedArray.read(dir.resolve(FEATURE_COLUMNS));
    featureValues = MappedArray.read(dir.resolve(FEATURE_VALUES));
    neighbourRows = MappedArray.read(dir.resolve(NEIGHBOUR_ROWS));
    neighbours = MappedArray.read(dir.resolve(NEIGHBOURS));
  }

  /** The store in {@code dir}, building it there from the snapshot's parts unless it is built. */
  public static GraphStore openOrBuild(
      SnapshotFormat.Header header, SnapshotFormat.Files files, Path dir) throws IOException {
    if (!Files.exists(dir.resolve(META))) {
      build(header, files, dir);
    }
    GraphStore store = new GraphStore(dir);
    if (!store.fingerprint.equals(header.fingerprint())) {
      throw new IOException(
          "graph store "
              + dir
              + " holds graph "
              + store.fingerprint
              + ", not "
              + header.fingerprint()
              + "; delete it to rebuild");
    }
    return store;
  }

  /**
   * An in-memory snapshot as a store in {@code dir} (a fresh, empty folder): for a graph that was
   * loaded whole and turns out to need sampling, and for tests.
   */
  public static GraphStore of(GraphSnapshot graph, Path dir) {
    try {
      Path parts = dir.resolve("parts");
      SnapshotFormat.Header header = SnapshotFormat.write(graph, parts);
      GraphStore store =
          openOrBuild(
              header, name -> SnapshotFormat.input(parts.resolve(name)), dir.resolve("store"));
      deleteTree(parts);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the graph store in " + dir, e);
    }
  }

  /** Builds in a private folder, then renames it into place: a reader never sees half a store. */
  private static void build(SnapshotFormat.Header header, SnapshotFormat.Files files, Path dir)
      throws IOException {
    Files.createDirectories(dir.getParent());
    Path work = dir.resolveSibling(dir.getFileName() + ".building-" + UUID.randomUUID());
    Files.createDirectories(work);
    try {
      long entries = writeNodes(header, files, work);
      writeAdjacency(header, files, work);
      try (DataOutputStream meta = SnapshotFormat.output(work.resolve(META))) {
        meta.writeInt(MAGIC);
        meta.writeInt(VERSION);
        meta.writeUTF(header.fingerprint());
        meta.writeInt(header.numNodes());
        meta.writeLong(header.numEdges());
        meta.writeInt(header.numFeatures());
        meta.writeInt(header.classNames().size());
        for (String name : header.classNames()) {
          meta.writeUTF(name);
        }
      }
      if (header.numFeatureEntries() >= 0 && entries != header.numFeatureEntries()) {
        throw new IOException(
            "snapshot parts hold "
                + entries
                + " feature entries, the header counts "
                + header.numFeatureEntries());
      }
      try {
        Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // Another task built it meanwhile (a non-empty target): theirs stands.
        deleteTree(work);
      } catch (IOException e) {
        if (!Files.exists(dir.resolve(META))) {
          throw e;
        }
        deleteTree(work);
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(work);
      throw e;
    }
  }

  /** Labels, splits and feature rows, node part by node part; returns the feature entries. */
  private static long writeNodes(
      SnapshotFormat.Header header, SnapshotFormat.Files files, Path work) throws IOException {
    long entries = 0;
    int node = 0;
    try (DataOutputStream labels = SnapshotFormat.output(work.resolve(LABELS));
        DataOutputStream splits = SnapshotFormat.output(work.resolve(SPLITS));
        DataOutputStream rows = SnapshotFormat.output(work.resolve(FEATURE_ROWS));
        DataOutputStream columns = SnapshotFormat.output(work.resolve(FEATURE_COLUMNS));
        DataOutputStream values = SnapshotFormat.output(work.resolve(FEATURE_VALUES))) {
      rows.writeLong(0);
      for (SnapshotFormat.Part part : header.nodeParts()) {
        try (DataInputStream in = files.open(SnapshotFormat.nodesFile(part.id()))) {
          for (long i = 0; i < part.rows(); i++, node++) {
            int label = in.readInt();
            byte split = in.readByte();
            int count = in.readInt();
            if (label < -1 || label >= header.classNames().size() || split < 0 || split > 3) {
              throw new IOException(
                  "snapshot node " + node + " has label " + label + " and split " + split);
            }
            labels.writeInt(label);
            splits.writeByte(split);
            for (int k = 0; k < count; k++) {
              int column = in.readInt();
              if (column < 0 || column >= header.numFeatures()) {
                throw new IOException(
                    "snapshot node " + node + " has feature column " + column + " out of range");
              }
              columns.writeInt(column);
              values.writeFloat(in.readFloat());
            }
            entries += count;
            rows.writeLong(entries);
          }
        }
      }
    }
    return entries;
  }

  /**
   * The undirected adjacency without self-loops, each neighbour once, sorted: count degrees, place
   * both directions of every edge (the positions are memory maps, not heap), then sort and dedupe
   * each node's list into the final files. The edges are read twice, never held.
   */
  private static void writeAdjacency(
      SnapshotFormat.Header header, SnapshotFormat.Files files, Path work) throws IOException {
    int n = header.numNodes();
    Path countsFile = work.resolve("degrees.tmp");
    Path cursorsFile = work.resolve("cursors.tmp");
    Path placedFile = work.resolve("placed.tmp");
    MappedArray starts = MappedArray.create(countsFile, 8L * (n + 1));
    forEachEdge(
        header,
        files,
        (u, v) -> {
          starts.putLong(u + 1L, starts.getLong(u + 1L) + 1);
          starts.putLong(v + 1L, starts.getLong(v + 1L) + 1);
        });
    for (long i = 1; i <= n; i++) {
      starts.putLong(i, starts.getLong(i) + starts.getLong(i - 1));
    }
    MappedArray cursors = MappedArray.create(cursorsFile, 8L * n);
    for (long i = 0; i < n; i++) {
      cursors.putLong(i, starts.getLong(i));
    }
    MappedArray placed = MappedArray.create(placedFile, 4L * starts.getLong(n));
    forEachEdge(
        header,
        files,
        (u, v) -> {
          long at = cursors.getLong(u);
          placed.putInt(at, v);
          cursors.putLong(u, at + 1);
          at = cursors.getLong(v);
          placed.putInt(at, u);
          cursors.putLong(v, at + 1);
        });
    try (DataOutputStream rows = SnapshotFormat.output(work.resolve(NEIGHBOUR_ROWS));
        DataOutputStream list = SnapshotFormat.output(work.resolve(NEIGHBOURS))) {
      long kept = 0;
      rows.writeLong(0);
      int[] buffer = new int[16];
      for (int node = 0; node < n; node++) {
        long from = starts.getLong(node);
        int degree = (int) (starts.getLong(node + 1L) - from);
        if (buffer.length < degree) {
          buffer = new int[Math.max(degree, buffer.length * 2)];
        }
        for (int k = 0; k < degree; k++) {
          buffer[k] = placed.getInt(from + k);
        }
        Arrays.sort(buffer, 0, degree);
        for (int k = 0; k < degree; k++) {
          if (k == 0 || buffer[k] != buffer[k - 1]) { // an edge given both ways counts once
            list.writeInt(buffer[k]);
            kept++;
          }
        }
        rows.writeLong(kept);
      }
    }
    for (Path file : List.of(countsFile, cursorsFile, placedFile)) {
      Files.delete(file);
    }
  }

  @FunctionalInterface
  private interface EdgeVisitor {
    void visit(int u, int v);
  }

  /** Each edge between distinct nodes, checked against the node count. */
  private static void forEachEdge(
      SnapshotFormat.Header header, SnapshotFormat.Files files, EdgeVisitor visitor)
      throws IOException {
    int n = header.numNodes();
    for (SnapshotFormat.Part part : header.edgeParts()) {
      try (DataInputStream in = files.open(SnapshotFormat.edgesFile(part.id()))) {
        for (long e = 0; e < part.rows(); e++) {
          int u = in.readInt();
          int v = in.readInt();
          if (u < 0 || u >= n || v < 0 || v >= n) {
            throw new IOException(
                "snapshot edge part "
                    + part.id()
                    + " has edge "
                    + u
                    + " -> "
                    + v
                    + " outside nodes 0.."
                    + (n - 1));
          }
          if (u != v) {
            visitor.visit(u, v);
          }
        }
      }
    }
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  public String fingerprint() {
    return fingerprint;
  }

  public int numNodes() {
    return numNodes;
  }

  /** The snapshot's edge records (a pair given both ways counts twice). */
  public long numEdges() {
    return numEdges;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public long numFeatureEntries() {
    return featureRows.getLong(numNodes);
  }

  public List<String> classNames() {
    return classNames;
  }

  public int numClasses() {
    return classNames.size();
  }

  public int label(int node) {
    return labels.getInt(node);
  }

  public Split split(int node) {
    return Split.values()[splits.getByte(node)];
  }

  /** Indices of the nodes in {@code split} that have a label, ascending. */
  public int[] labelledNodes(Split split) {
    byte wanted = (byte) split.ordinal();
    return IntStream.range(0, numNodes)
        .filter(i -> splits.getByte(i) == wanted && labels.getInt(i) >= 0)
        .toArray();
  }

  /** Where {@code node}'s neighbours start in {@link #neighbour}'s numbering. */
  long neighbourStart(int node) {
    return neighbourRows.getLong(node);
  }

  int degree(int node) {
    return (int) (neighbourRows.getLong(node + 1L) - neighbourRows.getLong(node));
  }

  /** The neighbour at position {@code at} (from {@link #neighbourStart}). */
  int neighbour(long at) {
    return neighbours.getInt(at);
  }

  /** The feature columns of {@code node}'s row. */
  public int[] featureColumns(int node) {
    long from = featureRows.getLong(node);
    int[] columns = new int[(int) (featureRows.getLong(node + 1L) - from)];
    featureColumns.getInts(from, columns);
    return columns;
  }

  /** The feature values of {@code node}'s row, in {@link #featureColumns}' order. */
  public float[] featureValues(int node) {
    long from = featureRows.getLong(node);
    float[] values = new float[(int) (featureRows.getLong(node + 1L) - from)];
    featureValues.getFloats(from, values);
    return values;
  }
}
