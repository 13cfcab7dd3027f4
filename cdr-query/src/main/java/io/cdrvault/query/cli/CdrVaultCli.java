package io.cdrvault.query.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdrvault} command (the jar's Main-Class). Built-in subcommands: {@code audit verify},
 * {@code export verify}, {@code decode}, {@code produce}, {@code simulate}, {@code legal ...}.
 * The node subcommands ({@code demo}, {@code serve}, ...) are registered by whoever builds the
 * command line through {@link #commandLine(Object...)}.
 *
 * <p>Exit codes: 0 success, 1 the checked thing is bad (e.g. a broken audit chain), 2 usage or
 * configuration error.
 */
@Command(name = "cdrvault", mixinStandardHelpOptions = true,
    versionProvider = CdrVaultCli.Version.class,
    description = "CPNI-protected store for telecom call-detail records.",
    subcommands = CommandLine.HelpCommand.class)
public final class CdrVaultCli implements Runnable {

  /** Exit code for usage and configuration errors (same as picocli's usage error code). */
  public static final int USAGE_ERROR = CommandLine.ExitCode.USAGE;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /**
   * The full command line with the built-in subcommands plus {@code extraSubcommands} (picocli
   * {@code @Command}-annotated objects or classes, e.g. the node's {@code demo} and {@code serve}),
   * using the store's audit verifier.
   */
  public static CommandLine commandLine(Object... extraSubcommands) {
    return commandLine(LedgerVerifier.store(), extraSubcommands);
  }

  /** As {@link #commandLine(Object...)}, verifying the audit ledger with {@code verifier}. */
  public static CommandLine commandLine(LedgerVerifier verifier, Object... extraSubcommands) {
    CommandLine audit = new CommandLine(new AuditCommand())
        .addSubcommand(new AuditVerifyCommand(verifier))
        .addSubcommand(new AuditReportCommand(System.getenv()));
    CommandLine cl = new CommandLine(new CdrVaultCli()).addSubcommand(audit)
        .addSubcommand(new CommandLine(new ExportCommand()).addSubcommand(new ExportVerifyCommand()))
        .addSubcommand(new DecodeCommand())
        .addSubcommand(new ProduceCommand())
        .addSubcommand(new SimulateCommand())
        .addSubcommand(BillingRunCommand.group())
        .addSubcommand(new LegalCommand())
        .addSubcommand(KeysCommand.group(System.getenv()))
        .addSubcommand(new BackupCommand())
        .addSubcommand(new RestoreCommand());
    LifecycleCommands.register(cl);
    cl.addSubcommand(DlqCommand.group());
    for (Object sub : extraSubcommands) {
      cl.addSubcommand(sub);
    }
    cl.setExecutionExceptionHandler((e, line, parseResult) -> {
      line.getErr().println("cdrvault: " + e.getMessage());
      return USAGE_ERROR;
    });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new io.cdrvault.query.node.DemoCommand(),
        new io.cdrvault.query.node.ServeCommand()).execute(args));
  }

  /** {@code cdrvault audit ...}: the audit ledger. */
  @Command(name = "audit", mixinStandardHelpOptions = true,
      description = "Audit ledger commands.")
  static final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (verify, report)");
    }
  }

  /** {@code cdrvault export ...}: legal export packages. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Legal export package commands.")
  static final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (verify)");
    }
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = CdrVaultCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"cdrvault " + p.getProperty("version", "(unknown version)")};
    }
  }
}
