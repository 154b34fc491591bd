package org.autoglm.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.report.GateRule;
import org.autoglm.run.Ensemble;
import org.autoglm.run.Provenance;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLedger;
import org.autoglm.run.TrialJournal;
import org.autoglm.study.GateRefused;
import org.autoglm.study.OutputLayout;

/**
 * The regression gate over the result tables: scores a completed run's chosen model — the saved
 * one: its {@code ensembles} row marked chosen (the chosen configuration's seeds, or the best
 * configurations' ensemble), else its best complete trial by the objective — and the study's
 * earlier completed runs', judges by {@link GateRule}, and appends the verdict to the {@code gates}
 * table.
 */
public final class Gate {
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false)
          .add("baseline_run_id", DataTypes.StringType, true)
          .add("baseline_value", DataTypes.DoubleType, true)
          .add("tolerance", DataTypes.DoubleType, false)
          .add("verdict", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, false)
          .add("decided_at", DataTypes.TimestampType, false)
          .add("study", DataTypes.StringType, false)
          .add("run_date", DataTypes.DateType, false);

  private Gate() {}

  /**
   * Judges {@code runId} (null: the study's latest completed run) by the experiment's {@code
   * gate.*} settings, and records the verdict.
   */
  public static GateRule.Verdict judge(SparkSession spark, ExperimentConfig config, String runId) {
    OutputLayout layout = new OutputLayout(config.output().path());
    ExperimentConfig.GateConfig gate = config.gate();
    return judge(
        spark,
        layout,
        new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds())),
        config.study().name(),
        runId,
        new GateRule(gate.metric(), gate.bestOfLast(), gate.lastN(), gate.tolerance()));
  }

  /**
   * Judges {@code runId} of {@code study} (null: its latest completed run) and records the verdict.
   */
  public static GateRule.Verdict judge(
      SparkSession spark,
      OutputLayout layout,
      RunLedger ledger,
      String study,
      String runId,
      GateRule rule) {
    List<RunLedger.Run> completed =
        ledger.runs(study).stream().filter(RunLedger.Run::isFinished).toList();
    RunLedger.Run candidate =
        completed.stream()
            .filter(r -> runId == null || r.runId().equals(runId))
            .findFirst()
            .orElseThrow(
                () ->
                    new GateRefused(
                        runId == null
                            ? "study '" + study + "' has no completed run to gate"
                            : "study '"
                                + study
                                + "' has no completed run '"
                                + runId
                                + "'"
                                + (completed.isEmpty()
                                    ? ""
                                    : "; its completed runs are "
                                        + completed.stream()
                                            .map(RunLedger.Run::runId)
                                            .sorted()
                                            .collect(Collectors.joining(", ")))));
    Map<String, Double> chosen = chosenModels(spark, layout, study, rule.metric());
    GateRule.RunScore score =
        score(candidate, chosen)
            .orElseThrow(
                () ->
                    new GateRefused("run " + candidate.runId() + " has no complete trial to gate"));
    List<GateRule.RunScore> earlier = new ArrayList<>();
    for (RunLedger.Run run : completed) {
      if (!run.runId().equals(candidate.runId())) {
        score(run, chosen).ifPresent(earlier::add);
      }
    }
    GateRule.Verdict verdict = rule.judge(score, earlier);
    ResultTables.append(
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    candidate.runId(),
                    rule.metric(),
                    score.value(),
                    verdict.baseline() == null ? null : verdict.baseline().runId(),
                    verdict.baseline() == null ? null : verdict.baseline().value(),
                    rule.tolerance(),
                    verdict.verdict(),
                    verdict.message(),
                    Timestamp.from(Instant.now()),
                    study,
                    Date.valueOf(candidate.runDate()))),
            SCHEMA),
        layout.table(OutputLayout.GATES));
    return verdict;
  }

  private static Optional<GateRule.RunScore> score(RunLedger.Run run, Map<String, Double> chosen) {
    return Optional.ofNullable(chosen.get(run.runId()))
        .map(value -> new GateRule.RunScore(run.runId(), run.startedAt(), value));
  }

  /**
   * Each run's saved model's {@code metric}: its chosen ensemble's, else its best complete trial's
   * by val_score. One row per run reaches the driver.
   */
  private static Map<String, Double> chosenModels(
      SparkSession spark, OutputLayout layout, String study, String metric) {
    List<Row> trials =
        ResultTables.read(
                spark, layout.table(OutputLayout.TRIALS), Provenance.schemaOf(TrialJournal.SCHEMA))
            .filter(col("study").equalTo(study).and(col("status").equalTo("COMPLETE")))
            .groupBy("run_id")
            .agg(expr("max_by(" + metric + ", struct(val_score, -trial_id))").as("value"))
            .collectAsList();
    List<Row> ensembles =
        ResultTables.read(
                spark, layout.table(OutputLayout.ENSEMBLES), Provenance.schemaOf(Ensemble.SCHEMA))
            .filter(col("study").equalTo(study).and(col("chosen")))
            .groupBy("run_id")
            .agg(expr("first(" + metric + ")").as("value"))
            .collectAsList();
    Map<String, Double> chosen = new HashMap<>();
    for (Row r : trials) {
      chosen.put(r.getString(0), r.getDouble(1));
    }
    for (Row r : ensembles) {
      chosen.put(r.getString(0), r.getDouble(1));
    }
    return chosen;
  }
}
