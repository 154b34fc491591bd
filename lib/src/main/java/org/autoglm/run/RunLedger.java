package org.autoglm.run;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code runs} table: one row per run, its status kept current while it runs. {@code RUNNING}
 * with a heartbeat; {@code COMPLETED}, {@code FAILED} (with the reason and exit code) when it ends.
 * A run whose driver died stops beating: readers see it as {@code ABORTED} once its heartbeat is
 * older than {@link #staleAfter}. Each change is a Delta MERGE of the run's own row, retried when
 * another run committed at the same moment.
 */
public final class RunLedger {
  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";
  public static final String ABORTED = "ABORTED";

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", StringType, false)
          .add("study", StringType, false)
          .add("run_date", DateType, false)
          .add("status", StringType, false)
          .add("started_at", TimestampType, false)
          .add("heartbeat_at", TimestampType, false)
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
      String status,
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

    /** The status readers should see: a RUNNING run that stopped beating was aborted. */
    public String effectiveStatus(Instant now, Duration staleAfter) {
      return RUNNING.equals(status) && heartbeatAt.plus(staleAfter).isBefore(now)
          ? ABORTED
          : status;
    }

    public boolean isFinished() {
      return COMPLETED.equals(status);
    }

    /** The same run, beating now. */
    Run beating() {
      return new Run(
          runId,
          study,
          runDate,
          status,
          startedAt,
          Instant.now(),
          endedAt,
          configHash,
          codeVersion,
          dataFingerprint,
          trialsDone,
          trialsComplete,
          bestValue,
          exitCode,
          error);
    }

    /** The same run, training on graph {@code fingerprint}. */
    Run trainingOn(String fingerprint) {
      return new Run(
          runId,
          study,
          runDate,
          status,
          startedAt,
          heartbeatAt,
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
    Run ended(String newStatus, int code, String reason, Row summary) {
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

  /** Writes {@code run}'s row, inserting or replacing it. */
  public void put(Run run) {
    Dataset<Row> row = spark.createDataFrame(List.of(toRow(run)), SCHEMA);
    ResultTables.committing(
        () -> {
          if (!ResultTables.exists(spark, path)) {
            ResultTables.append(row, path);
          } else {
            DeltaTable.forPath(spark, path)
                .as("t")
                .merge(
                    row.as("s"),
                    "t.study = s.study AND t.run_date = s.run_date AND t.run_id = s.run_id")
                .whenMatched()
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute();
          }
        });
  }

  /** Every run of {@code study}, newest start first. */
  public List<Run> runs(String study) {
    return ResultTables.read(spark, path, SCHEMA)
        .filter(org.apache.spark.sql.functions.col("study").equalTo(study))
        .orderBy(org.apache.spark.sql.functions.col("started_at").desc())
        .collectAsList()
        .stream()
        .map(RunLedger::fromRow)
        .toList();
  }

  public Optional<Run> run(String study, String runId) {
    return runs(study).stream().filter(r -> r.runId().equals(runId)).findFirst();
  }

  /** The runs table as readers should see it: aborted runs named so. */
  public Dataset<Row> view() {
    long staleSeconds = staleAfter().toSeconds();
    return ResultTables.read(spark, path, SCHEMA)
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

  private static Row toRow(Run r) {
    return RowFactory.create(
        r.runId(),
        r.study(),
        Date.valueOf(r.runDate()),
        r.status(),
        Timestamp.from(r.startedAt()),
        Timestamp.from(r.heartbeatAt()),
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
        row.getAs("status"),
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
