package org.autoglm.bench;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.autoglm.run.Provenance;
import org.autoglm.run.ResultTables;
import org.autoglm.run.TrialJournal;

/**
 * What a journal append costs: one trial's row appended to the {@code trials} table as a Delta
 * commit (now) and as a plain Parquet append (before), taking turns, then the end-of-run
 * compaction. Prints TSV rows {@code append, format, i, millis} and {@code compact, millis, rows}.
 *
 * <p>Usage: {@code TablesBenchmark <output-dir> <appends>}
 */
public final class TablesBenchmark {
  private TablesBenchmark() {}

  public static void main(String[] args) {
    Path output = Path.of(args[0]).toAbsolutePath();
    int appends = Integer.parseInt(args[1]);
    SparkSession spark = BenchSpark.start("autoglm tables benchmark", "local[2]", "2");
    try {
      Provenance provenance =
          new Provenance("bench", "run-1", LocalDate.of(2026, 12, 1), "hash", "version");
      String delta = output.resolve("delta/trials").toString();
      String parquet = output.resolve("parquet/trials").toString();
      for (int i = 0; i < appends; i++) {
        Dataset<Row> row =
            provenance
                .stamp(spark.createDataFrame(List.of(trial(i)), TrialJournal.SCHEMA))
                .coalesce(1);
        long start = System.nanoTime();
        ResultTables.append(row, delta);
        print("append", "delta", i, start);
        start = System.nanoTime();
        row.write().mode(SaveMode.Append).partitionBy("study", "run_date").parquet(parquet);
        print("append", "parquet", i, start);
      }
      long start = System.nanoTime();
      ResultTables.compact(spark, delta, "bench", "2026-12-01");
      System.out.printf(
          Locale.ROOT,
          "compact\t%.1f\t%d%n",
          (System.nanoTime() - start) / 1e6,
          spark.read().format("delta").load(delta).count());
    } finally {
      spark.stop();
    }
  }

  private static Row trial(int id) {
    double[] curve = new double[200];
    Arrays.fill(curve, 0.8);
    Timestamp now = Timestamp.from(Instant.now());
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                id,
                Map.of("lr", "0.01", "hidden", "16"),
                "COMPLETE",
                "accuracy",
                0.8,
                0.8,
                0.8,
                0.8,
                0.8,
                100,
                200,
                0,
                curve,
                1.5,
                (long) id,
                "fingerprint",
                "driver",
                "cpu",
                1,
                new String[0],
                now,
                now,
                null,
                id + 1,
                0.05,
                2));
    return RowFactory.create(values.toArray());
  }

  private static void print(String what, String format, int i, long startNanos) {
    System.out.printf(
        Locale.ROOT, "%s\t%s\t%d\t%.1f%n", what, format, i, (System.nanoTime() - startNanos) / 1e6);
    System.out.flush();
  }
}
