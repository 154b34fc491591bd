package org.autoglm.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's {@code chromium}) for checking a page as a browser draws it. Tests
 * that need it skip with a reason when it is not installed, unless {@code
 * autoglm.browser.required=true} (as in CI), where they fail.
 */
public final class HeadlessBrowser {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");

  private final Path binary;

  private HeadlessBrowser(Path binary) {
    this.binary = binary;
  }

  /** The installed browser, or a skipped/failed test. */
  public static HeadlessBrowser require() {
    Optional<Path> found = find();
    if (found.isEmpty() && Boolean.getBoolean("autoglm.browser.required")) {
      fail(
          "a headless Chromium is required (autoglm.browser.required=true) but none of "
              + NAMES
              + " is on the PATH; apt-get install chromium");
    }
    assumeTrue(
        found.isPresent(), "no Chromium on the PATH (" + NAMES + "); skipping the browser check");
    return new HeadlessBrowser(found.get());
  }

  private static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The page's DOM after its scripts ran (up to 10 s of virtual time). */
  public String dumpDom(Path page) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path out = Files.createTempFile("dom", ".html");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.toUri().toString())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish loading " + page + " in 120 s");
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** An attribute of the DOM's {@code <body>}, or null. */
  public static String bodyAttribute(String dom, String name) {
    Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
    if (!body.find()) {
      return null;
    }
    Matcher attribute = Pattern.compile(name + "=\"([^\"]*)\"").matcher(body.group());
    return attribute.find() ? attribute.group(1) : null;
  }
}
