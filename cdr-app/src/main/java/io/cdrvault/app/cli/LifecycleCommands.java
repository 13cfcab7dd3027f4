package io.cdrvault.app.cli;

import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.lifecycle.SweepReport;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PrintableText;
import io.cdrvault.store.rocks.RetentionSweeper;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The offline lifecycle commands: {@code retention sweep}, {@code hold create|renew|release|list}
 * and {@code erase}. Each opens the store in {@code --data-dir} itself (the node must be stopped:
 * RocksDB allows one process, and a running node's lock is reported as such) with the keystore,
 * acts, audits in the store's ledger, and closes it. Output names ids, months and counts, never a
 * customer id or number. See docs/retention-and-erasure.md.
 *
 * <p>Exit codes: 0 done, 1 the store refused (in use, hold not active, ...), 2 usage error.
 */
public final class LifecycleCommands {
  static final int FAILED = 1;

  private LifecycleCommands() {}

  /** Adds {@code retention}, {@code hold} and {@code erase} to the command line. */
  public static void register(CommandLine cl) {
    cl.addSubcommand(new CommandLine(new RetentionGroup()).addSubcommand(new SweepCommand()));
    cl.addSubcommand(new CommandLine(new HoldGroup()).addSubcommand(new HoldCreate())
        .addSubcommand(new HoldRenew()).addSubcommand(new HoldRelease()).addSubcommand(new HoldList()));
    cl.addSubcommand(new EraseCommand());
  }

  /** Where the store and its keys are, and the retention rules (as in the store config). */
  static final class StoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
        description = "The node's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keystore", paramLabel = "FILE",
        description = "Keystore (default: DIR/keys/keystore.p12 if present, else the demo keystore).")
    Path keystore;

    @Option(names = "--keystore-type", paramLabel = "TYPE", defaultValue = "PKCS12",
        description = "PKCS12 or BCFKS (default: ${DEFAULT-VALUE}).")
    String keystoreType;

    @Option(names = "--password-env", paramLabel = "NAME", defaultValue = "CDRVAULT_KEYSTORE_PASSWORD",
        description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File holding the keystore password (a mounted secret; one trailing newline is "
            + "ignored), instead of --password-env.")
    Path passwordFile;

    @Option(names = "--jurisdiction", paramLabel = "CC", defaultValue = "US",
        description = "store.retention.jurisdiction (default: ${DEFAULT-VALUE}).")
    String jurisdiction;

    @Option(names = "--retention", paramLabel = "PERIOD", defaultValue = "P18M",
        description = "store.retention.default (default: ${DEFAULT-VALUE}).")
    String retention;

    @Option(names = "--retention-override", paramLabel = "JUR.TYPE=PERIOD",
        description = "store.retention.overrides entry, repeatable (e.g. US.SMS=P6M).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--statutory-minimum", paramLabel = "JUR.TYPE=PERIOD",
        description = "store.erasure.statutoryMinimum entry, repeatable (default: US.VOICE=P18M; "
            + "'none' for no minimum).")
    List<String> minimum;

    RetentionPolicy policy() {
      List<String> min = minimum == null ? RetentionPolicy.DEFAULT_MINIMUM_RULES
          : minimum.equals(List.of("none")) ? List.of() : minimum;
      try {
        return RetentionPolicy.parse(jurisdiction, retention, overrides, min);
      } catch (ConfigException e) {
        // name the options the user typed, not the config keys they stand for
        throw new ConfigException(e.problems().stream().map(StoreOptions::optionNames).toList());
      }
    }

    static String optionNames(String problem) {
      return problem.replace("key '" + RetentionPolicy.DEFAULT + "'", "--retention")
          .replace("key '" + RetentionPolicy.JURISDICTION + "'", "--jurisdiction")
          .replace("key '" + RetentionPolicy.OVERRIDES + "' entry", "--retention-override entry")
          .replace("key '" + RetentionPolicy.STATUTORY_MINIMUM + "' entry", "--statutory-minimum entry")
          .replace("key '" + RetentionPolicy.STATUTORY_MINIMUM + "'", "--statutory-minimum");
    }

    /** Opens the store, or prints why not and returns empty. */
    Optional<RocksCdrStore> open(PrintWriter err, Map<String, String> env) throws IOException {
      if (!Files.isDirectory(dataDir.resolve("rocksdb"))) {
        err.println("cdrvault: no store in data directory " + dataDir);
        return Optional.empty();
      }
      Path keys = dataDir.resolve("keys");
      Path ks = keystore != null ? keystore
          : Files.isRegularFile(keys.resolve("keystore.p12")) ? keys.resolve("keystore.p12")
          : keys.resolve("demo-keystore.p12");
      if (!Files.isRegularFile(ks)) {
        err.println("cdrvault: keystore not found: " + ks);
        return Optional.empty();
      }
      String v = env.get(passwordEnv);
      char[] password;
      Path demo = ks.resolveSibling("demo-keystore.password");
      Optional<char[]> fromFile = io.cdrvault.app.cli.StoreOptions.fromFile(passwordEnv, passwordFile, env);
      if (fromFile.isPresent()) {
        password = fromFile.get();
      } else if (v != null && !v.isEmpty()) {
        password = v.toCharArray();
      } else if (ks.getFileName().toString().equals("demo-keystore.p12") && Files.isRegularFile(demo)) {
        password = Files.readString(demo, StandardCharsets.US_ASCII).trim().toCharArray();
      } else {
        err.println("cdrvault: environment variable '" + passwordEnv + "' must hold the keystore password");
        return Optional.empty();
      }
      Keyring keyring = Keyring.load(ks, keystoreType, password);
      try {
        RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring,
            new SimpleMeterRegistry(), Clock.systemUTC());
        store.useRetentionPolicy(policy());
        return Optional.of(store);
      } catch (CdrVaultException e) {
        if (lockHeld(e)) {
          err.println("cdrvault: the store in " + dataDir + " is in use by a running node (its database "
              + "lock is held); stop the node first — lifecycle commands work offline only");
          return Optional.empty();
        }
        throw e;
      }
    }

    private static boolean lockHeld(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("lock")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Base of the commands: spec, env, store options. */
  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions options;

    Map<String, String> env = System.getenv();

    @Override
    public final Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      Optional<RocksCdrStore> s;
      try {
        s = options.open(err, env);
      } catch (io.cdrvault.store.config.ConfigException e) {
        err.println("cdrvault: " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
      if (s.isEmpty()) {
        return FAILED;
      }
      try (RocksCdrStore st = s.get()) {
        int rc = run(st, out, err, Instant.now());
        out.flush();
        return rc;
      } catch (io.cdrvault.store.lifecycle.HoldException e) {
        err.println("cdrvault: " + e.getMessage());
        return FAILED;
      }
    }

    abstract int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now);
  }

  @Command(name = "retention", mixinStandardHelpOptions = true, description = "Retention commands.")
  static final class RetentionGroup implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (sweep)");
    }
  }

  @Command(name = "sweep", mixinStandardHelpOptions = true,
      description = {"Destroys the keys of expired months, purges them (except what legal holds keep),",
          "records expired holds, runs due deferred erasures and purges erased customers. Offline."})
  static final class SweepCommand extends Base {
    @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
    boolean dryRun;

    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      RetentionSweeper sweeper = store.retentionSweeper();
      SweepReport r = dryRun ? sweeper.plan(now) : sweeper.runOnce(now);
      out.println(r.summary());
      return 0;
    }
  }

  @Command(name = "hold", mixinStandardHelpOptions = true,
      description = "Legal holds (preservation, 90 days, renewable). Offline.")
  static final class HoldGroup implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "missing subcommand (create, renew, release, list)");
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a hold; prints its id and expiry.")
  static final class HoldCreate extends Base {
    @Option(names = "--customer", paramLabel = "ID", description = "Customer target, repeatable.")
    List<String> customers = new ArrayList<>();

    @Option(names = "--number", paramLabel = "E164", description = "Number target (+1...), repeatable.")
    List<String> numbers = new ArrayList<>();

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "Window start (2025-01-01).")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Window end, exclusive.")
    LocalDate to;

    @Option(names = "--reference", required = true, paramLabel = "REF",
        description = "Legal request id or preservation letter reference.")
    String reference;

    @Option(names = "--principal", required = true, paramLabel = "NAME", description = "Who creates it (audited).")
    String principal;

    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      List<LegalTarget> targets = new ArrayList<>();
      try {
        customers.forEach(c -> targets.add(LegalTarget.customer(new CustomerId(c))));
        numbers.forEach(n -> targets.add(LegalTarget.number(n)));
        Hold h = store.holdRegistry().create(targets, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
            to.atStartOfDay(ZoneOffset.UTC).toInstant(), reference, principal, now);
        out.println(h.id() + " active until " + h.expiresAt());
        return 0;
      } catch (IllegalArgumentException e) {
        err.println("cdrvault: " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Renews a hold for 90 days from now.")
  static final class HoldRenew extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--principal", required = true, paramLabel = "NAME")
    String principal;

    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      Hold h = store.holdRegistry().renew(id, principal, now);
      out.println(h.id() + " active until " + h.expiresAt());
      return 0;
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true, description = "Releases a hold.")
  static final class HoldRelease extends Base {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--principal", required = true, paramLabel = "NAME")
    String principal;

    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      Hold h = store.holdRegistry().release(id, principal, now);
      out.println(h.id() + " released");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists holds (ids, states, windows; no targets).")
  static final class HoldList extends Base {
    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      for (Hold h : store.holdRegistry().all()) {
        out.println(h.id() + " " + (h.activeAt(now) ? "ACTIVE" : h.state() == Hold.State.ACTIVE ? "EXPIRED"
            : h.state().name()) + " window " + h.from() + ".." + h.to() + " expires " + h.expiresAt()
            + " targets " + h.targets().size() + " reference " + PrintableText.escape(h.reference()));
      }
      return 0;
    }
  }

  @Command(name = "erase", mixinStandardHelpOptions = true,
      description = {"Erases a customer: keys destroyed now, records purged by the next sweep;",
          "or deferred (prints until when and why) under a legal hold or statutory minimum. Offline."})
  static final class EraseCommand extends Base {
    @Option(names = "--customer", required = true, paramLabel = "ID")
    String customer;

    @Option(names = "--principal", required = true, paramLabel = "NAME", description = "Who asks (audited).")
    String principal;

    @Override
    int run(RocksCdrStore store, PrintWriter out, PrintWriter err, Instant now) {
      CustomerId id;
      try {
        id = new CustomerId(customer);
      } catch (IllegalArgumentException e) {
        err.println("cdrvault: --customer is not a valid customer id");
        return CdrVaultCli.USAGE_ERROR;
      }
      ErasureResult r = store.erase(PolicyEngine.operatorErasure(principal, id), now);
      switch (r.outcome()) {
        case ERASED -> out.println("erased at " + r.at() + "; records are purged by the next retention sweep");
        case ALREADY_ERASED -> out.println("already erased at " + r.at());
        default -> out.println("deferred until " + r.until() + " (" + r.reasonCode() + "): " + r.reason());
      }
      return 0;
    }
  }
}
