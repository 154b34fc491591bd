package org.autoglm.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.autoglm.config.ConfigLoader;

/**
 * Reads an experiment file from a local path or any Hadoop filesystem URI; a file that is missing,
 * empty or not text is a usage error naming it.
 */
final class ExperimentFiles {
  private ExperimentFiles() {}

  /**
   * The configuration of a command that takes one experiment file: the file, under {@code --env}
   * and {@code --set}.
   */
  static org.autoglm.config.ExperimentConfig config(CommandLine line) {
    if (line.positional().size() != 1) {
      throw new CommandLine.UsageException(
          line.command()
              + " takes one experiment file, e.g. autoglm "
              + line.command()
              + " conf/experiments/quickstart.yaml");
    }
    return ConfigLoader.load(line.env(), read(line.positional().get(0)), line.overrides());
  }

  /**
   * The file as a configuration layer: UTF-8 text with at least one setting. An empty file would
   * silently run the default study, and a binary one would fail deep in the YAML decoder.
   */
  static ConfigLoader.Layer layer(String location, byte[] bytes) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CommandLine.UsageException(
          "experiment file '"
              + location
              + "' is not UTF-8 text (a YAML file was expected; is it binary, or saved as UTF-16?)",
          false);
    }
    if (text.indexOf('\0') >= 0) {
      throw new CommandLine.UsageException(
          "experiment file '" + location + "' is binary, not YAML text: give an experiment .yaml",
          false);
    }
    boolean settings =
        text.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    if (!settings) {
      throw new CommandLine.UsageException(
          "experiment file '"
              + location
              + "' is empty: it would run the defaults; give it at least a study name, e.g."
              + " 'study: {name: mine}'",
          false);
    }
    return new ConfigLoader.Layer(location, text);
  }

  static ConfigLoader.Layer read(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    try {
      if (uri.getScheme() == null || uri.getScheme().equals("file")) {
        Path path = uri.getScheme() == null ? Path.of(location) : Path.of(uri);
        if (!Files.isRegularFile(path)) {
          throw new CommandLine.UsageException(
              "experiment file '"
                  + location
                  + "' does not exist (looked in "
                  + path.toAbsolutePath().getParent()
                  + ")",
              false);
        }
        return layer(location, Files.readAllBytes(path));
      }
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      FileSystem fs = path.getFileSystem(new Configuration());
      if (!fs.exists(path)) {
        throw new CommandLine.UsageException(
            "experiment file '" + location + "' does not exist", false);
      }
      try (InputStream in = fs.open(path)) {
        return layer(location, in.readAllBytes());
      }
    } catch (IOException e) {
      throw new CommandLine.UsageException(
          "cannot read experiment file '" + location + "': " + e.getMessage(), false);
    }
  }
}
