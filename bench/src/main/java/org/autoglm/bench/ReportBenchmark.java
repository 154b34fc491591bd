package org.autoglm.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.autoglm.config.ConfigLoader;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.ReportHtml;
import org.autoglm.report.StudyReport;
import org.autoglm.results.Leaderboard;
import org.autoglm.results.Reports;
import org.autoglm.run.Provenance;
import org.autoglm.run.RunLedger;
import org.autoglm.run.TrialJournal;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.OutputLayout;
import org.autoglm.study.RunStatus;
import org.autoglm.study.TrialResult;
import org.autoglm.train.EpochRecord;

/**
 * The report of a large study: {@code trials} synthetic trials (six parameters, one conditional;
 * {@code epochs} epochs each in {@code trial_epochs}) journaled into real tables, then the report
 * read, rendered and written {@code rounds} times. Prints TSV rows {@code report, round, read_ms,
 * render_ms, write_ms, bytes}, and writes the same trials for the peer to {@code trials.tsv}.
 *
 * <p>Usage: {@code ReportBenchmark <output-dir> <trials> <epochs> <rounds>}
 */
public final class ReportBenchmark {
  /** The space the synthetic trials come from (the report draws log-scaled ones on log axes). */
  private static final String SPACE =
      """
      search:
        space:
          lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
          model: {type: categorical, choices: [gcn, gat, sage]}
          hidden: {type: int, low: 8, high: 127}
          dropout: {type: float, low: 0.0, high: 0.8}
          weight_decay: {type: float, low: 1.0e-6, high: 1.0e-2, log: true}
          heads: {type: int, low: 1, high: 8}
      """;

  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]).toAbsolutePath();
    int trials = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    SparkSession spark = BenchSpark.start("autoglm report benchmark", "local[2]", "2");
    try {
      OutputLayout layout = new OutputLayout(output.resolve("out").toString());
      LocalDate date = LocalDate.of(2026, 12, 1);
      Provenance provenance = new Provenance("big", "run-1", date, "hash", "version");
      List<TrialResult> results = synthesise(trials, epochs, output.resolve("trials.tsv"));
      TrialJournal journal = new TrialJournal(spark, layout, provenance, "fingerprint", 2);
      for (int from = 0; from < results.size(); from += 100) {
        List<TrialResult> batch = results.subList(from, Math.min(results.size(), from + 100));
        journal.append(batch);
        journal.appendEpochs(batch);
      }
      RunLedger ledger = new RunLedger(spark, layout, Duration.ofSeconds(30));
      Instant now = Instant.now();
      ledger.put(
          new RunLedger.Run(
              "run-1",
              "big",
              date,
              RunStatus.COMPLETED,
              now,
              now,
              now,
              "hash",
              "version",
              "fingerprint",
              trials,
              trials,
              null,
              0,
              null));
      ExperimentConfig.SearchConfig search =
          ConfigLoader.load("dev", new ConfigLoader.Layer("bench", SPACE), List.of()).search();
      String page = output.resolve("report.html").toString();
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        Leaderboard.registerViews(spark, layout, ledger);
        StudyReport report = Reports.read(spark, ledger, "big", "run-1", search);
        long read = System.nanoTime();
        String html = ReportHtml.render(report, 0);
        long rendered = System.nanoTime();
        Reports.write(spark, html, page);
        long written = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "report\t%d\t%.1f\t%.1f\t%.1f\t%d%n",
            round,
            (read - start) / 1e6,
            (rendered - read) / 1e6,
            (written - rendered) / 1e6,
            Files.size(Path.of(page)));
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Trials whose objective depends on lr and model (heads only for GAT), with learning curves that
   * rise to it; the same rows as TSV for the peer: id, objective, params (JSON), curve (commas).
   */
  private static List<TrialResult> synthesise(int trials, int epochs, Path tsv) throws Exception {
    Random random = new Random(7);
    String[] models = {"gcn", "gat", "sage"};
    List<TrialResult> results = new ArrayList<>();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv))) {
      for (int id = 0; id < trials; id++) {
        Map<String, Object> params = new TreeMap<>();
        double lr = Math.pow(10, -4 + 3 * random.nextDouble());
        String model = models[random.nextInt(3)];
        params.put("lr", lr);
        params.put("model", model);
        params.put("hidden", 8 + random.nextInt(120));
        params.put("dropout", 0.8 * random.nextDouble());
        params.put("weight_decay", Math.pow(10, -6 + 4 * random.nextDouble()));
        if (model.equals("gat")) {
          params.put("heads", 1 + random.nextInt(8));
        }
        double distance = Math.log10(lr) + 2;
        double value =
            Math.min(0.95, 0.8 - 0.1 * distance * distance + (model.equals("gat") ? 0.03 : 0));
        List<EpochRecord> log = new ArrayList<>();
        double[] curve = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
          curve[e - 1] = value * (1 - Math.exp(-e / 15.0)) + 0.005 * random.nextGaussian();
          log.add(
              new EpochRecord(
                  e,
                  1.5 * Math.exp(-e / 30.0),
                  1.2 * Math.exp(-e / 40.0) + 0.3,
                  curve[e - 1],
                  0.01,
                  0.5,
                  1,
                  0.01));
        }
        Instant start = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(id);
        results.add(
            TrialResult.builder(id, TrialResult.paramsText(params), TrialState.COMPLETE)
                .scores(
                    new TrialResult.Scores(
                        "accuracy", value, value, value - 0.01, value - 0.01, value - 0.02))
                .epochs(epochs, epochs, 0)
                .trainSeconds(1 + random.nextDouble())
                .seed(id)
                .placement(new TrialResult.Placement("driver", "cpu", 1, List.of(), "full"))
                .time(start, start.plusSeconds(1))
                .curve(curve)
                .told(id + 1, 0.01)
                .epochLog(log)
                .build());
        StringBuilder json = new StringBuilder("{");
        params.forEach(
            (k, v) ->
                json.append(json.length() > 1 ? "," : "")
                    .append('"')
                    .append(k)
                    .append("\":")
                    .append(v instanceof String ? "\"" + v + "\"" : v));
        StringBuilder values = new StringBuilder();
        for (double c : curve) {
          values.append(values.length() > 0 ? "," : "").append(c);
        }
        out.println(id + "\t" + value + "\t" + json + "}\t" + values);
      }
    }
    return results;
  }
}
