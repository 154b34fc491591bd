package org.autoglm.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.autoglm.search.Objective;
import org.autoglm.search.Outcome;
import org.autoglm.search.Study;
import org.autoglm.search.TrialSpec;
import org.autoglm.search.sampler.Sampler;
import org.autoglm.search.sampler.Samplers;

/**
 * Simple regret of each sampler on the standard functions, and the time a suggestion takes as the
 * history grows. Prints tab-separated rows that {@code bench/compare.py} puts beside Optuna's:
 *
 * <pre>regret  sampler  function  batch  seed  trials  regret
 * overhead sampler  function  batch  trials  millis_per_suggestion</pre>
 *
 * <p>Usage: {@code SearchBenchmark regret|overhead samplers functions trials seeds batch}, with
 * comma-separated lists, e.g. {@code regret tpe,gp branin,hartmann6 100 10 1}.
 */
public final class SearchBenchmark {
  private SearchBenchmark() {}

  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println(
          "usage: SearchBenchmark regret|overhead <samplers> <functions> <trials> <seeds> <batch>");
      System.exit(2);
    }
    String mode = args[0];
    List<TestFunctions> functions = new ArrayList<>();
    for (String f : args[2].split(",")) {
      functions.add(TestFunctions.valueOf(f.toUpperCase(Locale.ROOT)));
    }
    int trials = Integer.parseInt(args[3]);
    int seeds = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    PrintStream out = System.out;
    for (String sampler : args[1].split(",")) {
      for (TestFunctions f : functions) {
        if (mode.equals("regret")) {
          for (int seed = 0; seed < seeds; seed++) {
            double best = run(sampler, f, trials, seed, batch, null);
            out.printf(
                Locale.ROOT,
                "regret\t%s\t%s\t%d\t%d\t%d\t%.6g%n",
                sampler,
                f.label(),
                batch,
                seed,
                trials,
                best - f.minimum());
            out.flush();
          }
        } else {
          long[] nanos = new long[trials];
          run(sampler, f, trials, 0, batch, nanos);
          for (int at : new int[] {100, 1000}) {
            if (at <= trials) {
              // Mean over the ten suggestions before the mark: one is too noisy to quote.
              double ms = 0;
              for (int i = at - 10; i < at; i++) {
                ms += nanos[i] / 1e6 / 10;
              }
              out.printf(
                  Locale.ROOT,
                  "overhead\t%s\t%s\t%d\t%d\t%.3f%n",
                  sampler,
                  f.label(),
                  batch,
                  at,
                  ms);
              out.flush();
            }
          }
        }
      }
    }
  }

  /** Best value found; fills {@code nanos[i]} with the time trial {@code i}'s suggestion took. */
  static double run(
      String samplerName, TestFunctions f, int trials, long seed, int batch, long[] nanos) {
    Sampler sampler = Samplers.named(samplerName, seed, 5, batch);
    Study study =
        Study.builder(f.space())
            .sampler(sampler)
            .objectives(Objective.minimize(f.label()))
            .seed(seed)
            .budget(trials)
            .build();
    double best = Double.POSITIVE_INFINITY;
    while (!study.isDone()) {
      long start = System.nanoTime();
      List<TrialSpec> specs = study.ask(batch);
      long perSpec = (System.nanoTime() - start) / Math.max(1, specs.size());
      for (TrialSpec spec : specs) {
        if (nanos != null) {
          nanos[spec.trialId()] = perSpec;
        }
        double value = f.at(spec.params());
        best = Math.min(best, value);
        study.tell(Outcome.finished(spec.trialId(), 1, value));
      }
    }
    return best;
  }
}
