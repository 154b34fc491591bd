package org.autoglm.jobs;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * {@code --log-format json}: this JVM's log lines as JSON objects ({@code
 * conf/log4j2-json.properties}, packed in the jar). Executors on a cluster read their own
 * configuration: ship the file to them (README, "Logs").
 */
final class LogFormat {
  static final String JSON_CONFIG = "org/autoglm/jobs/log4j2-json.properties";

  private LogFormat() {}

  static void json() {
    URL config = LogFormat.class.getClassLoader().getResource(JSON_CONFIG);
    if (config == null) {
      throw new IllegalStateException(JSON_CONFIG + " is missing from the jar: the build packs it");
    }
    try {
      ((LoggerContext) LogManager.getContext(false)).setConfigLocation(config.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read " + config, e);
    }
  }
}
