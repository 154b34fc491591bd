package org.autoglm.run;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.autoglm.search.Study;
import org.autoglm.search.sampler.Observation;
import org.autoglm.search.space.SearchSpace;
import org.autoglm.search.trial.Direction;
import org.autoglm.search.trial.TrialState;
import org.autoglm.study.OutputLayout;

/**
 * A study's earlier completed runs as a warm start for the next: their best configurations are
 * evaluated first, and their complete trials are told to the sampler. Trials whose parameters do
 * not fit this run's search space are left out. Only runs that ended before this one started count,
 * so a resumed run plans the same warm start again.
 *
 * @param first the best earlier configurations with their trials' seeds, best first, distinct
 * @param priors every fitting earlier trial, for the sampler
 * @param description one line for the console
 */
public record WarmStart(
    List<Study.FirstTrial> first, List<Observation> priors, String description) {
  /** Most earlier trials told to the sampler: the newest. */
  static final int MAX_PRIORS = 2000;

  public static final WarmStart NONE = new WarmStart(List.of(), List.of(), "");

  public static WarmStart plan(
      SparkSession spark,
      OutputLayout layout,
      RunLedger ledger,
      String study,
      Instant before,
      SearchSpace space,
      Direction direction,
      int best) {
    List<String> runs =
        ledger.runs(study).stream()
            .filter(r -> r.isFinished() && r.endedAt() != null && r.endedAt().isBefore(before))
            .map(RunLedger.Run::runId)
            .toList();
    if (runs.isEmpty()) {
      return new WarmStart(
          List.of(), List.of(), "warm start: no earlier completed run of the study; a cold start");
    }
    List<Row> rows =
        ResultTables.read(
                spark, layout.table(OutputLayout.TRIALS), Provenance.schemaOf(TrialJournal.SCHEMA))
            .filter(
                col("study")
                    .equalTo(study)
                    .and(col("status").equalTo(TrialState.COMPLETE.name()))
                    .and(col("run_id").isin(runs.toArray())))
            .orderBy(col("end_time").desc())
            .limit(MAX_PRIORS)
            .select("params", "val_score", "epochs", "seed")
            .collectAsList();
    List<Observation> priors = new ArrayList<>();
    List<Map.Entry<Study.FirstTrial, Double>> scored = new ArrayList<>();
    int misfits = 0;
    for (Row row : rows) {
      Optional<Map<String, Object>> params = space.fromText(row.getJavaMap(0));
      if (params.isEmpty() || row.isNullAt(1)) {
        misfits++;
        continue;
      }
      double value = row.getDouble(1);
      priors.add(
          new Observation(
              -(priors.size() + 1),
              params.get(),
              new double[] {direction.toLoss(value)},
              TrialState.COMPLETE,
              row.getInt(2),
              Double.NaN));
      scored.add(Map.entry(new Study.FirstTrial(params.get(), row.getLong(3)), value));
    }
    scored.sort(Map.Entry.<Study.FirstTrial, Double>comparingByValue().reversed());
    Set<Map<String, Object>> configurations = new LinkedHashSet<>();
    List<Study.FirstTrial> first = new ArrayList<>();
    for (Map.Entry<Study.FirstTrial, Double> entry : scored) {
      if (first.size() < best && configurations.add(entry.getKey().params())) {
        first.add(entry.getKey());
      }
    }
    return new WarmStart(
        List.copyOf(first),
        priors,
        String.format(
            "warm start from %d earlier run(s): their %d best configuration(s) first, %d earlier"
                + " trial(s) told to the sampler%s",
            runs.size(),
            first.size(),
            priors.size(),
            misfits == 0 ? "" : " (" + misfits + " left out: outside this search space)"));
  }
}
