package io.cdrvault.app.testing;

import io.cdrvault.app.cli.CdrVaultCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code cdrvault} command line: its exit code and what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int code, String out, String err) {

  /** Runs the built-in command line with {@code args}. */
  public static CliRun of(String... args) {
    return of(CdrVaultCli.commandLine(), args);
  }

  /** Runs {@code cl} (e.g. with extra node subcommands) with {@code args}. */
  public static CliRun of(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
