package org.autoglm.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.ResultTables;
import org.autoglm.train.NativeEnvironment;
import org.autoglm.train.SystemBlas;

/**
 * Spark's {@code local-cluster[workers,cores,memory]}: a master and workers in this JVM, and every
 * executor a JVM of its own, as on a standalone cluster. Executors take their classpath from {@code
 * $SPARK_HOME/jars}; without a Spark distribution, this fills a folder with the test classpath's
 * jars and this module's classes packed as jars, and the build points {@code SPARK_HOME} (and
 * {@code SPARK_SCALA_VERSION}) at it.
 */
public final class LocalCluster {
  /** Prints two fake GPU addresses, as {@code nvidia-smi} would on a two-GPU node. */
  private static final String FAKE_GPUS =
      "#!/usr/bin/env bash\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n";

  private LocalCluster() {}

  /** The Spark home the build set, filled for this test run. */
  public static Path sparkHome() {
    String home = System.getenv("SPARK_HOME");
    if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
      throw new IllegalStateException(
          "multi-JVM tests need SPARK_HOME and SPARK_SCALA_VERSION from the build (lib/pom.xml);"
              + " run them with mvn");
    }
    Path root = Path.of(home);
    try {
      Path jars = root.resolve("jars");
      Files.createDirectories(jars);
      Files.writeString(root.resolve("RELEASE"), "");
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
          pack(path, jars.resolve("autoglm-" + path.getFileName() + ".jar"));
        } else if (entry.endsWith(".jar")) {
          Path link = jars.resolve(path.getFileName());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, path.toAbsolutePath());
        }
      }
      Path discovery = root.resolve("fake-gpus.sh");
      Files.writeString(discovery, FAKE_GPUS);
      Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the local cluster's Spark home " + root, e);
    }
  }

  /** The fake discovery script: every worker has GPUs "0" and "1". */
  public static String fakeGpuDiscovery() {
    return sparkHome().resolve("fake-gpus.sh").toString();
  }

  /**
   * A session on {@code local-cluster[workers,cores,memoryMb]} with {@code conf} added; executors
   * get the JVM flags and malloc settings training JVMs have.
   */
  public static SparkSession start(int workers, int cores, int memoryMb, Map<String, String> conf) {
    SystemBlas.keepOutOfThisJvm();
    sparkHome();
    SparkSession.Builder builder =
        SparkSession.builder()
            .master(String.format("local-cluster[%d,%d,%d]", workers, cores, memoryMb))
            .appName("autoglm-cluster-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config(
                "spark.executor.extraJavaOptions",
                SystemBlas.addedTo(System.getProperty("autoglm.javaOpens", "")))
            .config(ResultTables.SESSION_SETTINGS)
            .config(ResultTables.LOCAL_SESSION_SETTINGS)
            .config(NativeEnvironment.asExecutorEnv());
    conf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Waits until {@code count} executors have registered, so work spreads over all of them. */
  public static void awaitExecutors(SparkSession spark, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length - 1 < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(count + " executors did not register within 2 minutes");
      }
      Thread.sleep(200);
    }
  }

  /** The OS process of executor {@code executorId} of this application. */
  public static ProcessHandle executorProcess(SparkSession spark, String executorId) {
    String appId = spark.sparkContext().applicationId();
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              List<String> args = List.of(p.info().arguments().orElse(new String[0]));
              int id = args.indexOf("--executor-id");
              return args.contains(appId) && id >= 0 && args.get(id + 1).equals(executorId);
            })
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no process for executor " + executorId));
  }

  private static void pack(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }
}
