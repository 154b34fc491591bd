package org.autoglm.jobs;

import java.io.PrintStream;
import org.autoglm.config.ConfigException;
import org.autoglm.graph.io.InputException;
import org.autoglm.run.ResumeRefused;

/**
 * The command line, and the spark-submit main class: {@code run} an experiment or query the outputs
 * with {@code sql}. Exit codes: 0 done, 2 bad arguments, configuration or input, 1 failed.
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
      return switch (line.command()) {
        case "run" -> RunJob.main(line, out);
        case "collect", "clean", "augment" -> DataJob.main(line, out);
        case "sql" -> SqlJob.main(line, out);
        case "help", "--help", "-h" -> {
          out.print(CommandLine.USAGE);
          yield 0;
        }
        default -> throw new CommandLine.UsageException("unknown command '" + line.command() + "'");
      };
    } catch (CommandLine.UsageException e) {
      err.println("autoglm: " + e.getMessage());
      err.print(CommandLine.USAGE);
      return 2;
    } catch (ConfigException e) {
      err.println("autoglm: invalid configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      return 2;
    } catch (InputException | ResumeRefused e) {
      err.println("autoglm: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  private int failed(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof InputException input) {
      err.println("autoglm: " + input.getMessage());
      return 2;
    }
    err.println("autoglm: failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
    if (System.getenv("AUTOGLM_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set AUTOGLM_DEBUG=1 for the stack trace)");
    }
    return 1;
  }
}
