package org.autoglm.actions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.autoglm.config.ExperimentConfig;
import org.autoglm.graph.InputException;
import org.autoglm.run.ModelBundle;
import org.autoglm.run.Predictor;
import org.autoglm.run.Provenance;
import org.autoglm.run.ResultTables;
import org.autoglm.run.RunLedger;
import org.autoglm.run.Tables;
import org.autoglm.study.OutputLayout;

/**
 * {@code predict}: every node of the study's clean graph scored by a saved model, appended to the
 * {@code predictions} table with the model's provenance beside each row.
 */
public final class PredictAction {
  /**
   * What prediction wrote.
   *
   * @param byClass predicted nodes per class, in the model's class order
   */
  public record Result(String model, Provenance provenance, long nodes, List<Row> byClass) {}

  private PredictAction() {}

  /** {@code modelDir} null: the published model, else the latest completed run's. */
  public static Result execute(
      SparkSession spark,
      ExperimentConfig config,
      LocalDate runDate,
      String modelDir,
      PrintStream console) {
    String study = config.study().name();
    OutputLayout layout = new OutputLayout(config.output().path());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String chosen = modelDir != null ? modelDir : defaultModel(spark, config, layout);
    ModelBundle model = ModelBundle.load(conf, chosen);
    String nodesPath = layout.graph(study, "clean", "nodes");
    if (!Tables.exists(spark, nodesPath)) {
      throw new InputException(
          "study '"
              + study
              + "' has no clean graph under "
              + layout.root()
              + ": prepare it first (bin/autoglm clean <experiment.yaml>)");
    }
    Dataset<Row> scored =
        Predictor.predict(
            spark,
            model,
            spark.read().parquet(nodesPath),
            spark.read().parquet(layout.graph(study, "clean", "edges")),
            layout.root() + "/graphs/" + study);
    Column[] classes = model.classes().stream().map(functions::lit).toArray(Column[]::new);
    Dataset<Row> rows =
        scored.select(
            col("node_id"),
            col("node_key"),
            col(Predictor.PREDICTION),
            map_from_arrays(
                    functions.array(classes),
                    org.apache.spark.ml.functions.vector_to_array(
                        col(Predictor.PROBABILITY), "float64"))
                .as("probabilities"),
            lit(model.dir()).as("model_path"),
            lit(model.properties().get("run_id")).as("model_run_id"),
            lit(model.properties().get("trial_id")).cast("int").as("model_trial_id"),
            lit(model.properties().get("data_fingerprint")).as("model_data_fingerprint"));
    Provenance provenance = Provenance.newRun(config, runDate);
    ResultTables.append(provenance.stamp(rows), layout.table(OutputLayout.PREDICTIONS));
    Dataset<Row> written =
        ResultTables.read(
                spark,
                layout.table(OutputLayout.PREDICTIONS),
                Provenance.schemaOf(Predictor.PREDICTIONS))
            .filter(col("run_id").equalTo(provenance.runId()));
    List<Row> byClass =
        written.groupBy(Predictor.PREDICTION).count().orderBy(Predictor.PREDICTION).collectAsList();
    long nodes = byClass.stream().mapToLong(r -> r.getLong(1)).sum();
    String kind = model.settings().model().name().toLowerCase(java.util.Locale.ROOT);
    String what =
        model.isEnsemble()
            ? "an ensemble of trial runs " + model.properties().get("ensemble_runs")
            : model.properties().containsKey("teacher_runs")
                ? kind
                    + " student distilled from trial runs "
                    + model.properties().get("teacher_runs")
                : kind + ", trial " + model.properties().get("trial_id");
    console.printf(
        "[autoglm] predicted %,d nodes of %s with %s (%s, run %s): predictions table, run_id %s%n",
        nodes, study, model.dir(), what, model.properties().get("run_id"), provenance.runId());
    return new Result(model.dir(), provenance, nodes, byClass);
  }

  /** The published model if nightly published one, else the latest completed run's. */
  private static String defaultModel(
      SparkSession spark, ExperimentConfig config, OutputLayout layout) {
    String study = config.study().name();
    String published = layout.models(study) + "/current";
    if (Tables.exists(spark, published + "/" + ModelBundle.PROPERTIES)) {
      return published;
    }
    RunLedger ledger =
        new RunLedger(spark, layout, Duration.ofSeconds(config.output().heartbeatSeconds()));
    for (RunLedger.Run run : ledger.runs(study)) {
      String saved = layout.models(study) + "/runs/" + run.runId();
      if (run.isFinished() && Tables.exists(spark, saved + "/" + ModelBundle.PROPERTIES)) {
        return saved;
      }
    }
    throw new InputException(
        "study '"
            + study
            + "' has no saved model under "
            + layout.models(study)
            + ": run it first (bin/autoglm run <experiment.yaml>), or give --model DIR");
  }
}
