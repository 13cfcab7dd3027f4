package io.cdrvault.app.node;

import io.cdrvault.query.config.QueryConfig;
import io.cdrvault.query.legal.SigningKeys;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault init --config FILE}: first-time setup of a node. Validates the whole node
 * configuration as {@code serve} does, then creates the keystore ({@code kek-v1} and
 * {@code index-v1}, fresh random AES-256) at {@code store.keystore.path} and the Ed25519 node
 * signing key at {@code query.legal.signingKeyFile}, with passwords from the environment
 * (the variable named by {@code store.keystore.passwordEnv} and {@link SigningKeys#PASSWORD_ENV}).
 * Refuses (exit 2, nothing created) when either file already exists. Prints paths, the signing
 * key's public fingerprint and what to back up; never a secret.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"First-time setup of a node: creates the keystore (kek-v1, index-v1) and the Ed25519 node",
        "signing key named by the config, with passwords from the environment (the variable named by",
        "store.keystore.passwordEnv, default CDRVAULT_KEYSTORE_PASSWORD, and CDRVAULT_SIGNING_KEY_PASSWORD).",
        "Refuses to overwrite existing key material (exit 2). See docs/first-node.md."})
public final class InitCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, description = "node configuration file (YAML), as for serve")
  Path configFile;

  /** Reads passwords from the process environment. */
  public InitCommand() {
    this(System.getenv());
  }

  InitCommand(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServeCommand.Loaded loaded;
    char[] signingPassword;
    try {
      loaded = ServeCommand.load(configFile, env);
      signingPassword = ServeCommand.signingPassword(loaded, env);
    } catch (ConfigException e) {
      err.println("cdrvault: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Path keystore = loaded.storeConfig().getPath(StoreConfig.KEYSTORE_PATH).toAbsolutePath();
    String type = loaded.storeConfig().getString(StoreConfig.KEYSTORE_TYPE);
    Path signingKey = loaded.query().signingKeyFile().toAbsolutePath();
    Path dataDir = loaded.settings().store().dataDir().toAbsolutePath();
    List<String> existing = new ArrayList<>();
    if (Files.exists(keystore)) {
      existing.add("keystore " + keystore + " (key 'store.keystore.path')");
    }
    if (Files.exists(signingKey)) {
      existing.add("signing key " + signingKey + " (key 'query.legal.signingKeyFile')");
    }
    if (!existing.isEmpty()) {
      err.println("cdrvault: refusing to overwrite existing key material: " + String.join(", ", existing)
          + ". Nothing was created. Move it away only if you mean to start a new node with new keys: "
          + "records sealed under the old keystore become unreadable without it.");
      return CommandLine.ExitCode.USAGE;
    }
    Files.createDirectories(dataDir);
    Keyring keyring = Keyring.create(keystore, type, loaded.password());
    ExportSigner signer = ExportSigner.generate();
    signer.save(signingKey, signingPassword);
    String signingFrom = loaded.queryConfig().getString(QueryConfig.SIGNING_KEY_PASSWORD_FILE).isBlank()
        ? SigningKeys.PASSWORD_ENV : loaded.queryConfig().getString(QueryConfig.SIGNING_KEY_PASSWORD_FILE);
    out.println("cdrvault init: created the node's key material (passwords from "
        + StoreConfig.keystorePasswordSource(loaded.storeConfig()) + " and " + signingFrom + ").");
    out.println("  keystore     " + keystore + " (" + type + ", aliases " + Keyring.KEK_PREFIX
        + keyring.currentKekVersion() + " and " + Keyring.INDEX_ALIAS + ")");
    out.println("  signing key  " + signingKey + " (Ed25519, public key fingerprint " + signer.fingerprint() + ")");
    out.println("  data dir     " + dataDir);
    out.println();
    out.println("Back up now, outside this host and separately from data backups:");
    out.println("  - " + keystore + " and its password: without them no record can be read again;");
    out.println("  - " + signingKey + " and its password: it signs legal exports and audit checkpoints;");
    out.println("    publish the fingerprint above so recipients can check exported packages.");
    out.println("Data and key-database backups: ./cdrvault backup (docs/keys-and-backups.md).");
    out.println("Next: ./cdrvault serve --config " + configFile);
    out.flush();
    return 0;
  }
}
