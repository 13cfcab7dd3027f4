package io.cdrvault.app.cli;

import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.KekInUseException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.KeyringException;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.keys.KeyMaintenance;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault keys rotate | rewrap | retire}: key-encryption-key rotation. {@code rotate} edits
 * only the keystore (a running node picks the new version up at its next start); {@code rewrap}
 * and {@code retire} open the store, so the node must be stopped, and are audited in its ledger.
 * Exit codes: 0 done, 1 refused (retire while data keys still use the version), 2 usage or
 * configuration error (including a store held by a running node).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Key-encryption-key rotation: rotate, rewrap, retire.")
final class KeysCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (rotate, rewrap, retire)");
  }

  /** The {@code keys} group with its subcommands, reading passwords from {@code env}. */
  static CommandLine group(Map<String, String> env) {
    return new CommandLine(new KeysCommand())
        .addSubcommand(new Rotate(env))
        .addSubcommand(new Rewrap(env))
        .addSubcommand(new Retire(env));
  }

  /** Shared plumbing: resolve the keystore and its password or explain what is missing. */
  abstract static class Base implements Callable<Integer> {
    final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    Base(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    /** The keystore file and password, or empty after printing why not. */
    Optional<Map.Entry<Path, char[]>> keystore() throws IOException {
      Path ks = store.keystoreFile();
      if (!Files.isRegularFile(ks)) {
        err().println("cdrvault: keystore not found: " + ks);
        return Optional.empty();
      }
      Optional<char[]> pw = store.password(env, ks);
      if (pw.isEmpty()) {
        err().println("cdrvault: environment variable '" + store.passwordEnv
            + "' must hold the keystore password");
        return Optional.empty();
      }
      return Optional.of(Map.entry(ks, pw.get()));
    }

    /** Opens the store offline; a running node's lock makes this fail with a clear message. */
    RocksCdrStore openStore(Keyring keyring) {
      if (!Files.isDirectory(store.dataDir.resolve("rocksdb"))) {
        throw new CdrVaultException("no store found at " + store.dataDir.resolve("rocksdb"));
      }
      return RocksCdrStore.open(StoreSettings.defaults(store.dataDir), keyring,
          new SimpleMeterRegistry(), Clock.systemUTC());
    }
  }

  /** {@code keys rotate}: add KEK version N+1. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Add a new key-encryption key version to the keystore (atomically).",
          "New data keys are wrapped with it once the node restarts; existing ones keep opening with",
          "their version until 'keys rewrap' moves them."})
  static final class Rotate extends Base {
    Rotate(Map<String, String> env) {
      super(env);
    }

    @Override
    public Integer call() throws IOException {
      Optional<Map.Entry<Path, char[]>> ks = keystore();
      if (ks.isEmpty()) {
        return CdrVaultCli.USAGE_ERROR;
      }
      int v = Keyring.addKekVersion(ks.get().getKey(), store.keystoreType, ks.get().getValue());
      out().println("added key-encryption key version " + v + " (kek-v" + v + ") to "
          + ks.get().getKey());
      out().println("restart the node to wrap new data keys with it, then run 'cdrvault keys rewrap'");
      return 0;
    }
  }

  /** {@code keys rewrap}: move every DEK under the current KEK. */
  @Command(name = "rewrap", mixinStandardHelpOptions = true,
      description = {"Re-wrap every stored data key under the current key-encryption key, in",
          "batches, without touching any record. Offline (stop the node first); resumable: run it",
          "again after an interruption. Audited as keys.rewrap."})
  static final class Rewrap extends Base {
    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + KeyMaintenance.DEFAULT_BATCH,
        description = "Data keys per atomic write (default: ${DEFAULT-VALUE}).")
    int batch;

    Rewrap(Map<String, String> env) {
      super(env);
    }

    @Override
    public Integer call() throws IOException {
      Optional<Map.Entry<Path, char[]>> ks = keystore();
      if (ks.isEmpty()) {
        return CdrVaultCli.USAGE_ERROR;
      }
      Keyring keyring = Keyring.load(ks.get().getKey(), store.keystoreType, ks.get().getValue());
      try (RocksCdrStore s = openStore(keyring)) {
        DataKeyManager.RewrapReport r = KeyMaintenance.rewrap(s.dataKeyManager(), batch,
            s.auditLedger(), Clock.systemUTC(), StoreOptions.operator());
        r.rewrappedByOldVersion().forEach((v, n) ->
            out().println("kek-v" + v + ": " + n + " data key(s) rewrapped"));
        out().println("kek-v" + r.toVersion() + ": " + r.alreadyCurrent() + " data key(s) already current");
        out().println("done: " + r.rewrapped() + " rewrapped in " + r.batches() + " batch(es); every "
            + "data key is now under kek-v" + r.toVersion());
      }
      return 0;
    }
  }

  /** {@code keys retire --version N}: drop an unused KEK version. */
  @Command(name = "retire", mixinStandardHelpOptions = true,
      description = {"Remove key-encryption key version N from the keystore, after checking that",
          "no stored data key is wrapped under it (refused otherwise). Offline; audited as",
          "keys.retire."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:retired", "1:refused: data keys still use the version",
          "2:usage or configuration error"})
  static final class Retire extends Base {
    @Option(names = "--version", paramLabel = "N", required = true,
        description = "The KEK version to retire.")
    int version;

    Retire(Map<String, String> env) {
      super(env);
    }

    @Override
    public Integer call() throws IOException {
      Optional<Map.Entry<Path, char[]>> ks = keystore();
      if (ks.isEmpty()) {
        return CdrVaultCli.USAGE_ERROR;
      }
      Keyring keyring = Keyring.load(ks.get().getKey(), store.keystoreType, ks.get().getValue());
      if (version == keyring.currentKekVersion()) {
        // rewrap moves data keys TO the current version, so it can never free it
        err().println("cdrvault: refused: kek-v" + version + " is the current key-encryption key version; "
            + "run 'cdrvault keys rotate' to add a newer one, restart the node, run 'cdrvault keys rewrap', then retire kek-v"
            + version);
        return 1;
      }
      try (RocksCdrStore s = openStore(keyring)) {
        KeyMaintenance.retire(s.dataKeyManager(), ks.get().getKey(), store.keystoreType,
            ks.get().getValue(), version, s.auditLedger(), Clock.systemUTC(), StoreOptions.operator());
      } catch (KekInUseException e) {
        err().println("cdrvault: refused: " + e.getMessage());
        return 1;
      } catch (KeyringException e) {
        err().println("cdrvault: " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
      out().println("retired kek-v" + version + " from " + ks.get().getKey());
      return 0;
    }
  }
}
