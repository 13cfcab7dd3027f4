package io.cdrvault.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cdrvault} command (the jar's Main-Class). Built-in subcommands: {@code audit ...},
 * {@code export verify}, {@code decode}, {@code produce}, {@code directory ...},
 * {@code topics create}, {@code assertion}, {@code simulate}, {@code billing run},
 * {@code legal ...}, {@code keys ...}, {@code backup}, {@code restore}, {@code dlq ...} and the
 * lifecycle commands. The node subcommands ({@code demo}, {@code serve}, {@code init}) are
 * registered by whoever builds the command line through {@link #commandLine(Object...)}.
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
        .addSubcommand(DirectoryCommand.group())
        .addSubcommand(TopicsCommand.group())
        .addSubcommand(new AssertionCommand())
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
    summarise(cl);
    cl.setParameterExceptionHandler(CdrVaultCli::parameterError);
    cl.setExecutionExceptionHandler((e, line, parseResult) -> {
      line.getErr().println("cdrvault: " + e.getMessage());
      return USAGE_ERROR;
    });
    return cl;
  }

  /**
   * picocli checks required options before it reports unknown ones, so a mistyped {@code --form}
   * would read as a missing {@code --from}; name the unknown option (with picocli's suggestions)
   * instead, then print the usage as picocli does.
   */
  static int parameterError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    CommandLine.ParameterException shown = ex;
    if (ex instanceof CommandLine.MissingParameterException) {
      java.util.List<String> unknown = new java.util.ArrayList<>();
      for (String a : args) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (name.startsWith("--") && name.length() > 2 && !known(cmd, name)) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        shown = new CommandLine.UnmatchedArgumentException(cmd, unknown);
      }
    }
    java.io.PrintWriter err = cmd.getErr();
    err.println(shown.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(shown, err)) {
      err.print(cmd.getHelp().fullSynopsis());
    }
    err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * The command list shows a command's header, else the first line of its description, which is
   * often half a sentence; give every command without a header the first sentence of its
   * description.
   */
  static void summarise(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandLine.Model.UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
      if (usage.header().length == 0 && usage.description().length > 1) {
        usage.header(firstSentence(String.join(" ", usage.description())));
      }
      summarise(sub);
    }
  }

  static String firstSentence(String text) {
    String t = text.replaceAll("\\s+", " ").strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[.;](\\s|$)").matcher(t);
    while (m.find()) {
      String before = t.substring(Math.max(0, m.start() - 3), m.start() + 1);
      if (!before.equals("e.g.") && !before.equals("i.e.")) {
        return t.substring(0, m.start()) + ".";
      }
    }
    return t;
  }

  private static boolean known(CommandLine cmd, String option) {
    for (CommandLine c = cmd; c != null; c = c.getParent()) {
      if (c.getCommandSpec().findOption(option) != null) {
        return true;
      }
    }
    return false;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new io.cdrvault.app.node.DemoCommand(),
        new io.cdrvault.app.node.ServeCommand(), new io.cdrvault.app.node.InitCommand()).execute(args));
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
