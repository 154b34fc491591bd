package org.autoglm.config;

import java.io.Serializable;

/** Where a setting came from: a file and line, or a command-line override. */
public record Origin(String source, int line) implements Serializable {
  public static Origin commandLine(String argument) {
    return new Origin("--set " + argument, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line : source;
  }
}
