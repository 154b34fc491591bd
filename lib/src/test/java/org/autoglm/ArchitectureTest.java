package org.autoglm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rooms and doors of ARCHITECTURE.md, checked on the compiled classes: rooms (the packages
 * under {@code org.autoglm}, with their subpackages) do not depend on each other in a cycle, nor do
 * any two packages, subpackages included; the pure rooms load no Spark class; and every file under
 * {@code conf/} loads and validates on a classpath that has no Spark at all.
 */
class ArchitectureTest {
  /** The build's own classes: target/classes, or the Spark 4 build's target-spark4/classes. */
  private static final Path CLASSES =
      Path.of(System.getProperty("autoglm.classes", "target/classes"));

  private static final Path CONF = Path.of("../conf");
  private static final List<String> PURE_ROOMS =
      List.of("config", "random", "report", "search", "study", "train");

  @Test
  void roomsDependOnEachOtherWithoutCycles() {
    Map<String, Set<String>> rooms = roomDependencies();
    assertThat(rooms).containsKeys("config", "graph", "run", "results", "search", "train");
    assertThat(cycles(rooms)).as("room dependencies %s", rooms).isEmpty();
  }

  @Test
  void packagesDependOnEachOtherWithoutCyclesSubpackagesIncluded() {
    Map<String, Set<String>> packages = new TreeMap<>();
    for (String[] edge : packageDependencies()) {
      if (edge[1].startsWith("org.autoglm.") && !edge[0].equals(edge[1])) {
        packages.computeIfAbsent(edge[0], k -> new TreeSet<>()).add(edge[1]);
      }
    }
    assertThat(packages).containsKeys("org.autoglm.search", "org.autoglm.graph.io");
    assertThat(cycles(packages)).as("package dependencies %s", packages).isEmpty();
  }

  /** Each dependency that lies on a cycle, as {@code a -> b -> ... -> a}. */
  private static List<String> cycles(Map<String, Set<String>> dependencies) {
    List<String> cycles = new ArrayList<>();
    for (String from : dependencies.keySet()) {
      for (String next : dependencies.get(from)) {
        if (reaches(dependencies, next, from, new HashSet<>())) {
          cycles.add(from + " -> " + next + " -> ... -> " + from);
        }
      }
    }
    return cycles;
  }

  @Test
  void pureRoomsLoadNoSparkClass() {
    Map<String, Set<String>> external = new TreeMap<>();
    for (String[] edge : packageDependencies()) {
      String room = room(edge[0]);
      if (PURE_ROOMS.contains(room)
          && (edge[1].startsWith("org.apache.spark") || edge[1].startsWith("scala"))) {
        external.computeIfAbsent(edge[0], k -> new TreeSet<>()).add(edge[1]);
      }
    }
    assertThat(external).isEmpty();
  }

  @Test
  void everyConfigurationFileLoadsWithoutSparkOnTheClasspath() throws Exception {
    try (URLClassLoader withoutSpark = classLoaderWithoutSpark()) {
      assertThatThrownBy(
              () -> Class.forName("org.apache.spark.sql.types.StructType", false, withoutSpark))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> loader = Class.forName("org.autoglm.config.ConfigLoader", true, withoutSpark);
      Class<?> layer = Class.forName("org.autoglm.config.ConfigLoader$Layer", true, withoutSpark);
      Method load = loader.getMethod("load", List.class, List.class);
      List<Path> environments = yamlFiles(CONF.resolve("env"));
      List<Path> experiments = yamlFiles(CONF.resolve("experiments"));
      assertThat(environments).hasSize(3);
      assertThat(experiments).isNotEmpty();

      int loaded = 0;
      for (Path environment : environments) {
        for (Path experiment : experiments) {
          List<Object> layers = new ArrayList<>();
          for (Path file : List.of(CONF.resolve("defaults.yaml"), environment, experiment)) {
            layers.add(
                layer
                    .getConstructor(String.class, String.class)
                    .newInstance(file.toString(), Files.readString(file)));
          }
          Object config = invoke(load, layers, usageOverrides(experiment));
          assertThat(config.getClass().getClassLoader()).isSameAs(withoutSpark);
          loaded++;
        }
      }
      assertThat(loaded).isEqualTo(environments.size() * experiments.size());

      // A bad value is reported by the config layer itself, not by a missing Spark class.
      Object bad =
          layer
              .getConstructor(String.class, String.class)
              .newInstance("bad.yaml", "data:\n  format: xml\n");
      Object defaults =
          layer
              .getConstructor(String.class, String.class)
              .newInstance("defaults.yaml", Files.readString(CONF.resolve("defaults.yaml")));
      assertThatThrownBy(() -> invoke(load, List.of(defaults, bad), List.of()))
          .hasMessageContaining("'data.format'")
          .hasMessageContaining("bad.yaml:2")
          .satisfies(
              e ->
                  assertThat(e.getClass().getName())
                      .isEqualTo("org.autoglm.config.ConfigException"));
    }
  }

  /** Calls a static method with the method's own class loader as the context (service lookup). */
  private static Object invoke(Method method, Object... args) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(method.getDeclaringClass().getClassLoader());
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The test's classpath less Spark, Scala and Delta, over the JDK's platform classes only. */
  private static URLClassLoader classLoaderWithoutSpark() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace('\\', '/');
      boolean spark =
          path.contains("/org/apache/spark/")
              || path.contains("/org/scala-lang/")
              || path.contains("/io/delta/")
              || path.contains("/spark-");
      if (!spark && !entry.isBlank()) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** What an experiment's usage comment says to set, e.g. {@code --set data.path=/path/to/cora}. */
  private static List<String> usageOverrides(Path experiment) throws IOException {
    List<String> overrides = new ArrayList<>();
    for (String line : Files.readAllLines(experiment)) {
      java.util.regex.Matcher set = java.util.regex.Pattern.compile("--set (\\S+)").matcher(line);
      while (line.startsWith("#") && set.find()) {
        overrides.add(set.group(1));
      }
    }
    return overrides;
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Map<String, Set<String>> roomDependencies() {
    Map<String, Set<String>> rooms = new TreeMap<>();
    for (String[] edge : packageDependencies()) {
      if (edge[1].startsWith("org.autoglm.")) {
        String from = room(edge[0]);
        String to = room(edge[1]);
        rooms.computeIfAbsent(from, k -> new TreeSet<>());
        if (!from.equals(to)) {
          rooms.get(from).add(to);
        }
      }
    }
    return rooms;
  }

  private static boolean reaches(
      Map<String, Set<String>> rooms, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : rooms.getOrDefault(from, Set.of())) {
      if (reaches(rooms, next, target, seen)) {
        return true;
      }
    }
    return false;
  }

  /** {@code org.autoglm.graph.io} is in room {@code graph}. */
  private static String room(String pkg) {
    String rest = pkg.substring("org.autoglm.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Package-to-package dependencies of the compiled main classes, from the JDK's jdeps. */
  private static List<String[]> packageDependencies() {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int code =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "-verbose:package",
            "-filter:none",
            CLASSES.toString());
    assertThat(code).as("jdeps on %s: %s", CLASSES, out).isZero();
    List<String[]> edges = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (String line : out.toString().split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 3 && parts[0].startsWith("org.autoglm") && parts[1].equals("->")) {
        if (seen.putIfAbsent(parts[0] + " " + parts[2], true) == null) {
          edges.add(new String[] {parts[0], parts[2]});
        }
      }
    }
    assertThat(edges).isNotEmpty();
    return edges;
  }
}
