package org.autoglm.jobs;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsed arguments: a command, its positional arguments and the shared options.
 *
 * @param master Spark master URL, or null to use spark-submit's or the local default
 * @param resume the run to continue ({@code run --resume}), or null for a new run
 * @param run the run {@code gate} judges or {@code report} shows, or null for the study's latest
 * @param out where {@code report} writes the page, or null for the output's reports folder
 * @param runs the runs {@code compare} compares (empty: the study's latest completed ones)
 * @param studies the studies whose latest completed runs {@code compare} compares
 * @param reference the run the others are compared against, or null for the first
 * @param top how many best trials per run {@code compare} looks at
 * @param logFormat {@code text} or {@code json} (one JSON object a line, with run and trial ids)
 * @param model the saved model {@code predict} uses, or null for the study's published or latest
 */
record CommandLine(
    String command,
    List<String> positional,
    String env,
    List<String> overrides,
    String master,
    LocalDate runDate,
    String output,
    String resume,
    String run,
    String out,
    List<String> runs,
    List<String> studies,
    String reference,
    int top,
    String logFormat,
    String model) {

  static final String USAGE =
      """
      usage: autoglm <command> [options]

      commands:
        run <experiment.yaml>   collect, clean, augment (if augment.views > 0), tune and write
                                the leaderboard
        collect <experiment.yaml>   read the source into graphs/<study>/raw and id_map
        clean <experiment.yaml>     apply the cleaning rules and the split: graphs/<study>/clean
        augment <experiment.yaml>   write augment.views seeded views: graphs/<study>/views
        nightly <experiment.yaml>   a night of a pipeline: run warm-started from earlier runs,
                                gate, and publish the model to models/<study>/current
        gate <experiment.yaml>  compare a run's chosen model with the study's earlier runs
                                (gate.*); exit 5 if it regressed
        report <experiment.yaml>    write a run's report: one HTML file to open from disk
                                (history, parameters, importance, learning curves, data quality)
        compare <experiment.yaml>   runs side by side: mean, spread, Z-scores against a
                                reference run and a rank test of their best trials
        predict <experiment.yaml>   score every node of the study's clean graph with a saved
                                model (DJL on an executor): the predictions table
        sql "<query>"           Spark SQL over the outputs (views: runs, trials, baselines,
                                trial_epochs, data_quality, quarantine, gates, comparisons,
                                predictions)
        help                    this text

      options:
        --set key=value         override a setting (repeatable), e.g. --set search.trials=10
        --env dev|test|prod     configuration environment (default dev)
        --master URL            Spark master (default: spark-submit's, else local[*])
        --run-date YYYY-MM-DD   partition date of this run (default: today, UTC)
        --output DIR            output folder for sql (default: output.path of the environment)
        --resume RUN_ID|latest  run: continue a run that stopped (a crash, a killed job) from its
                                journal; its finished trials are not run again
        --run RUN_ID            gate: the run to judge (default: the latest completed one);
                                report: the run to show (default: the latest)
        --out FILE              report: where to write the page (default:
                                <output.path>/reports/<study>/<run>.html)
        --runs ID,ID,...        compare: these runs of the study (default: its last 10
                                completed runs)
        --studies NAME,NAME     compare: the latest completed run of each of these studies
        --reference RUN_ID      compare: the run the others are measured against (default:
                                the oldest)
        --top K                 compare: the best K trials of each run (default 5)
        --model DIR             predict: a saved model (default: models/<study>/current if
                                nightly published one, else the latest completed run's)
        --log-format text|json  log lines as text, or as JSON objects with study, run, trial
                                and stage (for a cluster's log search)

      exit codes: 0 done, 1 internal error, 2 arguments or configuration, 3 data,
                  4 no trial completed, 5 the gate found a regression
      """;

  static CommandLine parse(String[] args) {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    String command = args[0];
    List<String> positional = new ArrayList<>();
    List<String> overrides = new ArrayList<>();
    String env = "dev";
    String master = null;
    String output = null;
    String resume = null;
    String run = null;
    String out = null;
    List<String> runs = List.of();
    List<String> studies = List.of();
    String reference = null;
    int top = 5;
    String logFormat = "text";
    String model = null;
    LocalDate runDate = LocalDate.now(java.time.ZoneOffset.UTC);
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--set" -> overrides.add(value(args, ++i, arg));
        case "--env" -> env = value(args, ++i, arg);
        case "--master" -> master = value(args, ++i, arg);
        case "--output" -> output = value(args, ++i, arg);
        case "--run-date" -> runDate = date(value(args, ++i, arg));
        case "--resume" -> resume = value(args, ++i, arg);
        case "--run" -> run = value(args, ++i, arg);
        case "--out" -> out = value(args, ++i, arg);
        case "--runs" -> runs = list(value(args, ++i, arg));
        case "--studies" -> studies = list(value(args, ++i, arg));
        case "--reference" -> reference = value(args, ++i, arg);
        case "--top" -> top = positive(value(args, ++i, arg), arg);
        case "--log-format" -> logFormat = logFormat(value(args, ++i, arg));
        case "--model" -> model = value(args, ++i, arg);
        default -> {
          if (arg.startsWith("--")) {
            throw new UsageException("unknown option '" + arg + "'");
          }
          positional.add(arg);
        }
      }
    }
    if (resume != null && !command.equals("run")) {
      throw new UsageException("--resume continues a run; it does not apply to " + command);
    }
    if (run != null && !List.of("gate", "report").contains(command)) {
      throw new UsageException(
          "--run names the run gate judges or report shows; it does not apply to " + command);
    }
    if (out != null && !command.equals("report")) {
      throw new UsageException("--out names the report's file; it does not apply to " + command);
    }
    if (model != null && !command.equals("predict")) {
      throw new UsageException(
          "--model names the model predict uses; it does not apply to " + command);
    }
    boolean comparing = !runs.isEmpty() || !studies.isEmpty() || reference != null;
    if (comparing && !command.equals("compare")) {
      throw new UsageException(
          "--runs, --studies and --reference choose what compare compares; they do not apply"
              + " to "
              + command);
    }
    if (!runs.isEmpty() && !studies.isEmpty()) {
      throw new UsageException(
          "give --runs (runs of one study) or --studies (the latest run of each), not both");
    }
    return new CommandLine(
        command,
        positional,
        env,
        overrides,
        master,
        runDate,
        output,
        resume,
        run,
        out,
        runs,
        studies,
        reference,
        top,
        logFormat,
        model);
  }

  private static List<String> list(String text) {
    List<String> items =
        java.util.Arrays.stream(text.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    if (items.isEmpty()) {
      throw new UsageException("'" + text + "' names nothing; give names separated by commas");
    }
    return items;
  }

  private static int positive(String text, String option) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException(option + " '" + text + "' must be a whole number >= 1");
  }

  private static String logFormat(String text) {
    if (!text.equals("text") && !text.equals("json")) {
      throw new UsageException("--log-format '" + text + "' must be text or json");
    }
    return text;
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new UsageException("option " + option + " needs a value");
    }
    return args[index];
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException("--run-date '" + text + "' must be a date like 2026-11-22");
    }
  }

  /** Wrong arguments: exit code 2 with the message and the usage text. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean showUsage;

    UsageException(String message) {
      this(message, true);
    }

    /** {@code showUsage}: print the command summary after the message (not for a bad query). */
    UsageException(String message, boolean showUsage) {
      super(message);
      this.showUsage = showUsage;
    }

    boolean showUsage() {
      return showUsage;
    }
  }
}
