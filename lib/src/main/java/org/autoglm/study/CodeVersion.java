package org.autoglm.study;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The engine's version and git commit, stamped at build time, for provenance. */
public final class CodeVersion {
  private static final String CURRENT = read();

  private CodeVersion() {}

  /** {@code <version>+<commit>}, with {@code .dirty} when built from uncommitted changes. */
  public static String current() {
    return CURRENT;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in =
        CodeVersion.class.getResourceAsStream("/org/autoglm/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String commit = p.getProperty("commit", "");
    if (commit.isEmpty() || commit.startsWith("${")) {
      commit = "nogit";
    }
    String dirty = "true".equals(p.getProperty("dirty")) ? ".dirty" : "";
    return p.getProperty("version", "unknown") + "+" + commit + dirty;
  }
}
