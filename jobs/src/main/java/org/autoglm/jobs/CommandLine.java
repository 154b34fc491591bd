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
 * @param run the run {@code gate} judges, or null for the study's latest completed run
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
    String run) {

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
        sql "<query>"           Spark SQL over the outputs (views: runs, trials, data_quality,
                                quarantine, gates)
        help                    this text

      options:
        --set key=value         override a setting (repeatable), e.g. --set search.trials=10
        --env dev|test|prod     configuration environment (default dev)
        --master URL            Spark master (default: spark-submit's, else local[*])
        --run-date YYYY-MM-DD   partition date of this run (default: today, UTC)
        --output DIR            output folder for sql (default: output.path of the environment)
        --resume RUN_ID|latest  run: continue a run that stopped (a crash, a killed job) from its
                                journal; its finished trials are not run again
        --run RUN_ID            gate: the run to judge (default: the latest completed one)

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
    if (run != null && !command.equals("gate")) {
      throw new UsageException("--run names the run gate judges; it does not apply to " + command);
    }
    return new CommandLine(
        command, positional, env, overrides, master, runDate, output, resume, run);
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
