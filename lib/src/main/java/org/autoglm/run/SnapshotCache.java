package org.autoglm.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.autoglm.train.GraphSnapshot;
import org.autoglm.train.GraphStore;
import org.autoglm.train.SnapshotFormat;

/**
 * Executor side: each JVM reads a snapshot from the filesystem once and keeps it for every trial it
 * runs — the graph reaches an executor once, not once per trial, and never via the driver. Whole,
 * on the heap, for full-batch trials; as a {@link GraphStore} on the executor's local disk for
 * sampled ones.
 */
public final class SnapshotCache {
  private static GraphSnapshot cached;
  private static GraphStore cachedStore;

  private SnapshotCache() {}

  /** The snapshot in {@code dir}; must have fingerprint {@code fingerprint}. */
  public static synchronized GraphSnapshot get(HadoopConf conf, String dir, String fingerprint) {
    if (cached != null && cached.fingerprint().equals(fingerprint)) {
      return cached;
    }
    cached = null; // let the previous graph go before loading the next
    SnapshotFormat.Header header = header(conf, dir, fingerprint);
    Path folder = new Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(conf.get());
      cached = SnapshotFormat.read(header, name -> open(fs, new Path(folder, name)));
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read graph snapshot " + dir, e);
    }
  }

  /**
   * The header of the snapshot in {@code dir}, which must be there with fingerprint {@code
   * fingerprint}: the graph the study started with.
   */
  public static SnapshotFormat.Header header(HadoopConf conf, String dir, String fingerprint) {
    SnapshotFormat.Header header =
        header(conf, dir)
            .orElseThrow(() -> new IllegalStateException("no graph snapshot in " + dir));
    if (!header.fingerprint().equals(fingerprint)) {
      throw new IllegalStateException(
          "snapshot in "
              + dir
              + " changed during the study (fingerprint "
              + header.fingerprint()
              + ", expected "
              + fingerprint
              + "): another run wrote the same study?");
    }
    return header;
  }

  /**
   * The snapshot in {@code dir} (with {@code header}, read before) as a store on this executor's
   * local disk, built from the parts by the first trial that needs it.
   */
  public static synchronized GraphStore store(
      HadoopConf conf, String dir, SnapshotFormat.Header header) {
    if (cachedStore != null && cachedStore.fingerprint().equals(header.fingerprint())) {
      return cachedStore;
    }
    cachedStore = null;
    Path folder = new Path(dir);
    java.nio.file.Path local = localRoot().resolve("autoglm-graph-" + header.fingerprint());
    try {
      FileSystem fs = folder.getFileSystem(conf.get());
      cachedStore = GraphStore.openOrBuild(header, name -> open(fs, new Path(folder, name)), local);
      return cachedStore;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot build the local graph store " + local + " from snapshot " + dir, e);
    }
  }

  /** The executor's scratch folder (its work folder; the driver's temporary one in local mode). */
  private static java.nio.file.Path localRoot() {
    String root =
        SparkEnv.get() == null
            ? System.getProperty("java.io.tmpdir")
            : SparkFiles.getRootDirectory();
    return java.nio.file.Path.of(root).toAbsolutePath();
  }

  /** The header of the snapshot in {@code dir}, if there is one. */
  public static Optional<SnapshotFormat.Header> header(HadoopConf conf, String dir) {
    Path file = new Path(dir, SnapshotFormat.HEADER);
    try {
      FileSystem fs = file.getFileSystem(conf.get());
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (DataInputStream in = open(fs, file)) {
        return Optional.of(SnapshotFormat.readHeader(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read graph snapshot header " + file, e);
    }
  }

  private static DataInputStream open(FileSystem fs, Path path) throws IOException {
    return new DataInputStream(new BufferedInputStream(fs.open(path), 1 << 20));
  }
}
