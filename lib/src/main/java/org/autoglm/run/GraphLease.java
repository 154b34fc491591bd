package org.autoglm.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.autoglm.study.OutputLayout;

/**
 * One run at a time writes a study's graph (raw, clean, views, snapshot): a lease file under {@code
 * graphs/<study>/}, created only if absent and renewed by its holder. A second run waits, saying so
 * once, while the holder renews it; a lease not renewed for three renewal periods belongs to a run
 * that died, and is taken over.
 *
 * <p>Creation is exclusive on HDFS and on local disks (O_EXCL); on object stores without
 * conditional writes it is best effort.
 */
public final class GraphLease implements AutoCloseable {
  private static final long POLL_MILLIS = 1000;

  private final FileSystem fs;
  private final Path file;
  private final String holder;
  private final ScheduledExecutorService renewal;

  private GraphLease(FileSystem fs, Path file, String holder, Duration renewEvery) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            work -> {
              Thread thread = new Thread(work, "autoglm-graph-lease");
              thread.setDaemon(true);
              return thread;
            });
    long every = renewEvery.toMillis();
    renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease on {@code study}'s graph for {@code runId}, waiting while another live run
   * holds it.
   */
  public static GraphLease acquire(
      SparkSession spark,
      OutputLayout layout,
      String study,
      String runId,
      Duration renewEvery,
      PrintStream console) {
    Path file = new Path(layout.graphLease(study));
    String holder = runId + " on " + host();
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(file.getParent());
      boolean told = false;
      while (!createExclusively(fs, file, holder)) {
        if (read(fs, file).startsWith(runId + " on ")) {
          // This run's own earlier attempt, which the runs table already says stopped: resumed.
          fs.delete(file, false);
          continue;
        }
        Instant renewed = renewedAt(fs, file);
        if (renewed != null && renewed.plus(renewEvery.multipliedBy(3)).isBefore(Instant.now())) {
          console.printf(
              "[autoglm] taking over the graph lease of study '%s' from %s: not renewed since %s%n",
              study, read(fs, file), renewed);
          fs.delete(file, false);
          continue;
        }
        if (!told && renewed != null) {
          console.printf(
              "[autoglm] waiting for run %s: it is writing the graph of study '%s' (lease %s)%n",
              read(fs, file), study, file);
          told = true;
        }
        Thread.sleep(POLL_MILLIS);
      }
      return new GraphLease(fs, file, holder, renewEvery);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the graph lease " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the graph lease " + file, e);
    }
  }

  /** Gives the lease back (if it is still this run's). */
  @Override
  public void close() {
    renewal.shutdownNow();
    try {
      if (fs.exists(file) && holder.equals(read(fs, file))) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the graph lease " + file, e);
    }
  }

  private void renew() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      // Renewed again next period; three missed and another run may take over.
    }
  }

  private static boolean createExclusively(FileSystem fs, Path file, String holder)
      throws IOException {
    byte[] text = holder.getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getUri().getScheme())) {
      try {
        Files.write(
            Paths.get(fs.makeQualified(file).toUri()),
            text,
            java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(text);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Instant renewedAt(FileSystem fs, Path file) throws IOException {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      return null; // released while we looked
    }
  }

  private static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return "(released)";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }
}
