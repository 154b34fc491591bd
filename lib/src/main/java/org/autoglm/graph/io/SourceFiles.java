package org.autoglm.graph.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.autoglm.graph.InputException;

/**
 * The data files of a source: one file, or every file under a folder (recursively, so dated
 * partitions like {@code date=2026-11-23/} are included), in path order. Names starting with {@code
 * _} or {@code .} are bookkeeping ({@code _SUCCESS}, {@code .crc}) and skipped. Only file listings
 * and first lines are read here, on the driver.
 */
public final class SourceFiles {
  private SourceFiles() {}

  /** One data file: its qualified path, size and modification time (for the manifest). */
  public record DataFile(String path, long bytes, long modified) {}

  /**
   * Lists the files under {@code path}.
   *
   * @param key the setting that named the path, for messages
   * @throws InputException when the path is missing, holds no data files, or mixes formats
   */
  public static List<DataFile> list(Configuration conf, String key, String path) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new InputException(
            key + " '" + path + "' does not exist; point it at a file or a folder of files");
      }
      Path qualifiedRoot = fs.makeQualified(root);
      List<DataFile> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        LocatedFileStatus status = listing.next();
        if (!hidden(qualifiedRoot, fs.makeQualified(status.getPath()))) {
          files.add(
              new DataFile(
                  fs.makeQualified(status.getPath()).toString(),
                  status.getLen(),
                  status.getModificationTime()));
        }
      }
      if (files.isEmpty()) {
        throw new InputException(key + " '" + path + "' holds no data files");
      }
      files.sort(java.util.Comparator.comparing(DataFile::path));
      requireOneFormat(key, path, files);
      return List.copyOf(files);
    } catch (IOException e) {
      throw new UncheckedIOException(key + ": cannot list '" + path + "'", e);
    }
  }

  /** The first line of a text file (decompressed if need be), or null when it is empty. */
  public static String firstLine(Configuration conf, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      var codec = new CompressionCodecFactory(conf).getCodec(path);
      var raw = fs.open(path);
      var in = codec == null ? raw : codec.createInputStream(raw);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.readLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the first line of '" + file + "'", e);
    }
  }

  /** The format a file name says: its extension without compression suffixes. */
  static String extension(String file) {
    String name = new Path(file).getName().toLowerCase(Locale.ROOT);
    for (String compressed : List.of(".gz", ".bz2", ".deflate", ".snappy", ".lz4", ".zst")) {
      if (name.endsWith(compressed)) {
        name = name.substring(0, name.length() - compressed.length());
      }
    }
    if (name.endsWith(".snappy.parquet") || name.endsWith(".parquet")) {
      return "parquet";
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  private static void requireOneFormat(String key, String path, List<DataFile> files) {
    Map<String, Integer> byExtension = new TreeMap<>();
    files.forEach(f -> byExtension.merge(extension(f.path()), 1, Integer::sum));
    if (byExtension.size() > 1) {
      List<String> counts = new ArrayList<>();
      byExtension.forEach(
          (ext, n) -> counts.add(n + " " + (ext.isEmpty() ? "without extension" : "." + ext)));
      throw new InputException(
          key
              + " '"
              + path
              + "' mixes file formats ("
              + String.join(", ", counts)
              + "); point it at a folder of one format");
    }
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
