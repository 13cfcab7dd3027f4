package io.cdrvault.app.cli;

import io.cdrvault.store.config.SecretSource;
import io.cdrvault.store.rocks.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The data directory and keystore options shared by the offline store commands ({@code keys ...}):
 * the keystore defaults to {@code DIR/keys/keystore.p12} if present, else the demo keystore
 * {@code DIR/keys/demo-keystore.p12}, whose password file next to it is used when the password
 * variable is unset.
 *
 * <p>Not thread-safe (one instance per command line).
 */
final class StoreOptions {
  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--keystore", paramLabel = "FILE",
      description = "Keystore file (default: DIR/keys/keystore.p12 if present, else the demo "
          + "keystore DIR/keys/demo-keystore.p12).")
  Path keystore;

  @Option(names = "--keystore-type", paramLabel = "TYPE", defaultValue = "PKCS12",
      description = "PKCS12 or BCFKS (default: ${DEFAULT-VALUE}).")
  String keystoreType;

  @Option(names = "--password-env", paramLabel = "NAME", defaultValue = StoreConfig.DEFAULT_PASSWORD_ENV,
      description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "File holding the keystore password (a mounted secret; one trailing newline is "
          + "ignored), instead of --password-env.")
  Path passwordFile;

  /** The keystore file to use. */
  Path keystoreFile() {
    if (keystore != null) {
      return keystore;
    }
    Path keys = dataDir.resolve("keys");
    Path production = keys.resolve("keystore.p12");
    return Files.isRegularFile(production) ? production : keys.resolve("demo-keystore.p12");
  }

  /** The password from the environment, or the demo password file for the demo keystore. */
  Optional<char[]> password(Map<String, String> env, Path ks) throws IOException {
    Optional<char[]> fromFile = fromFile(passwordEnv, passwordFile, env);
    if (fromFile.isPresent()) {
      return fromFile;
    }
    String v = env.get(passwordEnv);
    if (v != null && !v.isEmpty()) {
      return Optional.of(v.toCharArray());
    }
    Path demo = ks.resolveSibling("demo-keystore.password");
    if (ks.getFileName().toString().equals("demo-keystore.p12") && Files.isRegularFile(demo)) {
      return Optional.of(Files.readString(demo, StandardCharsets.US_ASCII).trim().toCharArray());
    }
    return Optional.empty();
  }

  /**
   * The keystore password from {@code --password-file} when it is given: only one of it and a
   * non-default {@code --password-env} may be.
   *
   * @throws io.cdrvault.store.config.ConfigException naming the options or the file (never a value)
   */
  static Optional<char[]> fromFile(String passwordEnv, Path passwordFile, Map<String, String> env) {
    if (passwordFile == null) {
      return Optional.empty();
    }
    return Optional.of(SecretSource.of("--password-env", passwordEnv, "--password-file",
        passwordFile.toString(), StoreConfig.DEFAULT_PASSWORD_ENV).orElseThrow()
        .read(env, "the keystore password"));
  }

  /** Who runs the command, for the audit ledger (the operating-system account). */
  static String operator() {
    return "operator:" + System.getProperty("user.name", "unknown");
  }
}
