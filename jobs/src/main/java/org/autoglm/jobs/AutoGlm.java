package org.autoglm.jobs;

import java.io.PrintStream;
import org.autoglm.config.ConfigException;
import org.autoglm.study.ExitCodes;

/**
 * The command line, and the spark-submit main class: {@code run} an experiment or query the outputs
 * with {@code sql}. Exit codes ({@link ExitCodes}): 0 done, 1 internal error, 2 arguments or
 * configuration, 3 data, 4 no trial completed, 5 the regression gate. Every failure is one {@code
 * autoglm:} line; the stack trace only with AUTOGLM_DEBUG=1.
 */
public final class AutoGlm {
  private final PrintStream out;
  private final PrintStream err;

  AutoGlm(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new AutoGlm(System.out, System.err).run(args));
  }

  int run(String[] args) {
    try {
      CommandLine line = CommandLine.parse(args);
      if (line.logFormat().equals("json")) {
        LogFormat.json();
      }
      return switch (line.command()) {
        case "run" -> RunJob.main(line, out, err);
        case "collect", "clean", "augment" -> DataJob.main(line, out);
        case "sql" -> SqlJob.main(line, out);
        case "gate" -> GateJob.main(line, out, err);
        case "report" -> ReportJob.main(line, out);
        case "compare" -> CompareJob.main(line, out);
        case "predict" -> PredictJob.main(line, out);
        case "nightly" -> NightlyJob.main(line, out, err);
        case "help", "--help", "-h" -> {
          out.print(CommandLine.USAGE);
          yield 0;
        }
        default -> throw new CommandLine.UsageException("unknown command '" + line.command() + "'");
      };
    } catch (CommandLine.UsageException e) {
      err.println("autoglm: " + e.getMessage());
      if (e.showUsage()) {
        err.print(CommandLine.USAGE);
      }
      return ExitCodes.CONFIG;
    } catch (ConfigException e) {
      err.println("autoglm: invalid configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      return ExitCodes.CONFIG;
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  private int failed(RuntimeException e) {
    int code = ExitCodes.of(e);
    Throwable reason = ExitCodes.cause(e).orElse(e);
    if (code == ExitCodes.INTERNAL) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      err.println("autoglm: failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
    } else if (reason instanceof ConfigException config) {
      err.println("autoglm: invalid configuration:");
      config.problems().forEach(p -> err.println("  " + p));
    } else {
      err.println(
          "autoglm: " + (code == ExitCodes.DATA ? "data error: " : "") + reason.getMessage());
    }
    if (System.getenv("AUTOGLM_DEBUG") != null) {
      e.printStackTrace(err);
    } else if (code == ExitCodes.INTERNAL) {
      err.println("(set AUTOGLM_DEBUG=1 for the stack trace)");
    }
    return code;
  }
}
