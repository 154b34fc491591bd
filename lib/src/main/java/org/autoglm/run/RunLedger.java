package org.autoglm.run;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.RunStatus;

/**
 * The {@code runs} table: each run's status, {@code RUNNING} while it runs, {@code COMPLETED} or
 * {@code FAILED} (with the reason and exit code) when it ends. A run whose driver died stops
 * beating: readers see it as {@code ABORTED} once its heartbeat is older than {@link #staleAfter}.
 *
 * <p>The table is a log: every change of a run is a row appended (a blind Delta append, which never
 * conflicts with another run's), and a run's status is its latest row ({@link #view}). The
 * heartbeat is the time of a small file per run under {@code runs/_heartbeats/}, touched by the
 * running driver, so beating costs no commit.
 */
public final class RunLedger {
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", StringType, false)
          .add("study", StringType, false)
          .add("run_date", DateType, false)
          .add("status", StringType, false)
          .add("started_at", TimestampType, false)
          .add("recorded_at", TimestampType, false)
          .add("ended_at", TimestampType, true)
          .add("config_hash", StringType, false)
          .add("code_version", StringType, false)
          .add("data_fingerprint", StringType, true)
          .add("trials_done", IntegerType, false)
          .add("trials_complete", IntegerType, false)
          .add("best_value", DoubleType, true)
          .add("exit_code", IntegerType, true)
          .add("error", StringType, true);

  /** A run's row. */
  public record Run(
      String runId,
      String study,
      java.time.LocalDate runDate,
      RunStatus status,
      Instant startedAt,
      Instant heartbeatAt,
      Instant endedAt,
      String configHash,
      String codeVersion,
      String dataFingerprint,
      int trialsDone,
      int trialsComplete,
      Double bestValue,
      Integer exitCode,
      String error) {

    /**
     * Run {@code provenance} of {@code study}, running from {@code startedAt} (a resume keeps its
     * run's start), beating now, on graph {@code dataFingerprint} if known: nothing counted yet.
     */
    public static Run running(
        Provenance provenance, String study, Instant startedAt, String dataFingerprint) {
      return new Run(
          provenance.runId(),
          study,
          provenance.runDate(),
          RunStatus.RUNNING,
          startedAt,
          Instant.now(),
          null,
          provenance.configHash(),
          provenance.codeVersion(),
          dataFingerprint,
          0,
          0,
          null,
          null,
          null);
    }

    /** The status readers should see: a RUNNING run that stopped beating was aborted. */
    public RunStatus effectiveStatus(Instant now, Duration staleAfter) {
      return status == RunStatus.RUNNING && heartbeatAt.plus(staleAfter).isBefore(now)
          ? RunStatus.ABORTED
          : status;
    }

    public boolean isFinished() {
      return status == RunStatus.COMPLETED;
    }

    /** The same run, training on graph {@code fingerprint}, beating at {@code beat}. */
    public Run trainingOn(String fingerprint, Instant beat) {
      return new Run(
          runId,
          study,
          runDate,
          status,
          startedAt,
          beat,
          endedAt,
          configHash,
          codeVersion,
          fingerprint,
          trialsDone,
          trialsComplete,
          bestValue,
          exitCode,
          error);
    }

    /** The same run, ended now; {@code summary} is the leaderboard's (null if none). */
    public Run ended(RunStatus newStatus, int code, String reason, Row summary) {
      Instant now = Instant.now();
      return new Run(
          runId,
          study,
          runDate,
          newStatus,
          startedAt,
          now,
          now,
          configHash,
          codeVersion,
          dataFingerprint,
          summary == null ? trialsDone : (int) summary.<Long>getAs("trials").longValue(),
          summary == null ? trialsComplete : (int) summary.<Long>getAs("complete").longValue(),
          summary == null ? bestValue : summary.<Double>getAs("best_val"),
          code,
          reason);
    }
  }

  private static final String HEARTBEATS_DIR = "_heartbeats";

  private final SparkSession spark;
  private final String path;
  private final Duration heartbeat;

  public RunLedger(SparkSession spark, OutputLayout layout, Duration heartbeat) {
    this.spark = spark;
    this.path = layout.table(OutputLayout.RUNS);
    this.heartbeat = heartbeat;
  }

  /** How long a silent RUNNING run stays RUNNING: three missed heartbeats. */
  public Duration staleAfter() {
    return heartbeat.multipliedBy(3);
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  /** Records {@code run}'s state as its latest row. */
  public void put(Run run) {
    ResultTables.append(spark.createDataFrame(List.of(toRow(run)), SCHEMA), path);
  }

  /** Says run {@code runId} is alive now. */
  public void beat(String runId) {
    Path file = heartbeatFile(runId);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        fs.create(file, true).close();
      }
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write heartbeat " + file, e);
    }
  }

  /** Ends run {@code runId}'s heartbeat: its latest row says how it ended. */
  public void stopBeating(String runId) {
    Path file = heartbeatFile(runId);
    try {
      file.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(file, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete heartbeat " + file, e);
    }
  }

  /** Every run of {@code study}, newest start first. */
  public List<Run> runs(String study) {
    return latest()
        .filter(col("study").equalTo(study))
        .orderBy(col("started_at").desc())
        .collectAsList()
        .stream()
        .map(RunLedger::fromRow)
        .toList();
  }

  /** The runs table as readers should see it: each run's latest row, aborted runs named so. */
  public Dataset<Row> view() {
    long staleSeconds = staleAfter().toSeconds();
    return latest()
        .selectExpr(
            "run_id",
            "study",
            "run_date",
            "CASE WHEN status = 'RUNNING' AND heartbeat_at < current_timestamp() - INTERVAL "
                + staleSeconds
                + " SECONDS THEN 'ABORTED' ELSE status END AS status",
            "started_at",
            "heartbeat_at",
            "ended_at",
            "config_hash",
            "code_version",
            "data_fingerprint",
            "trials_done",
            "trials_complete",
            "best_value",
            "exit_code",
            "error");
  }

  /** Each run's latest row, its heartbeat the later of that row and its heartbeat file. */
  private Dataset<Row> latest() {
    Dataset<Row> rows =
        ResultTables.read(spark, path, SCHEMA)
            .withColumn(
                "newest",
                row_number().over(Window.partitionBy("run_id").orderBy(col("recorded_at").desc())))
            .filter(col("newest").equalTo(1))
            .drop("newest");
    Dataset<Row> beats =
        spark.createDataFrame(heartbeats(), HEARTBEATS).withColumnRenamed("run_id", "beat_run_id");
    return rows.join(beats, rows.col("run_id").equalTo(beats.col("beat_run_id")), "left_outer")
        .withColumn(
            "heartbeat_at",
            greatest(col("recorded_at"), coalesce(col("beat_at"), col("recorded_at"))))
        .drop("beat_run_id", "beat_at", "recorded_at");
  }

  private static final StructType HEARTBEATS =
      new StructType().add("run_id", StringType, false).add("beat_at", TimestampType, false);

  /** Every live heartbeat file: a few per study, listed on the driver. */
  private List<Row> heartbeats() {
    Path folder = new Path(path, HEARTBEATS_DIR);
    List<Row> beats = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(folder)) {
        for (FileStatus file : fs.listStatus(folder)) {
          beats.add(
              RowFactory.create(
                  file.getPath().getName(), new Timestamp(file.getModificationTime())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list heartbeats in " + folder, e);
    }
    return beats;
  }

  private Path heartbeatFile(String runId) {
    return new Path(new Path(path, HEARTBEATS_DIR), runId);
  }

  private static Row toRow(Run r) {
    return RowFactory.create(
        r.runId(),
        r.study(),
        Date.valueOf(r.runDate()),
        r.status().name(),
        Timestamp.from(r.startedAt()),
        Timestamp.from(Instant.now()),
        r.endedAt() == null ? null : Timestamp.from(r.endedAt()),
        r.configHash(),
        r.codeVersion(),
        r.dataFingerprint(),
        r.trialsDone(),
        r.trialsComplete(),
        r.bestValue(),
        r.exitCode(),
        r.error());
  }

  private static Run fromRow(Row row) {
    Timestamp ended = row.getAs("ended_at");
    return new Run(
        row.getAs("run_id"),
        row.getAs("study"),
        row.<Date>getAs("run_date").toLocalDate(),
        RunStatus.valueOf(row.getAs("status")),
        row.<Timestamp>getAs("started_at").toInstant(),
        row.<Timestamp>getAs("heartbeat_at").toInstant(),
        ended == null ? null : ended.toInstant(),
        row.getAs("config_hash"),
        row.getAs("code_version"),
        row.getAs("data_fingerprint"),
        row.<Integer>getAs("trials_done"),
        row.<Integer>getAs("trials_complete"),
        row.getAs("best_value"),
        row.getAs("exit_code"),
        row.getAs("error"));
  }
}
