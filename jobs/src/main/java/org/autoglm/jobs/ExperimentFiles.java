package org.autoglm.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.autoglm.config.ConfigLoader;
import org.autoglm.graph.io.InputException;

/** Reads an experiment file from a local path or any Hadoop filesystem URI. */
final class ExperimentFiles {
  private ExperimentFiles() {}

  static ConfigLoader.Layer read(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    try {
      if (uri.getScheme() == null || uri.getScheme().equals("file")) {
        Path path = uri.getScheme() == null ? Path.of(location) : Path.of(uri);
        if (!Files.isRegularFile(path)) {
          throw new InputException(
              "experiment file '"
                  + location
                  + "' does not exist (looked in "
                  + path.toAbsolutePath().getParent()
                  + ")");
        }
        return new ConfigLoader.Layer(location, Files.readString(path));
      }
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      FileSystem fs = path.getFileSystem(new Configuration());
      if (!fs.exists(path)) {
        throw new InputException("experiment file '" + location + "' does not exist");
      }
      try (InputStream in = fs.open(path)) {
        return new ConfigLoader.Layer(
            location, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new InputException("cannot read experiment file '" + location + "': " + e.getMessage());
    }
  }
}
