package io.cdrvault.query.legal;

import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the node's Ed25519 export signing key ({@code query.legal.signingKeyFile}, an encrypted
 * PKCS#8 PEM written by {@link ExportSigner#save}), creating one only when asked to (the demo).
 * The password comes from the environment variable {@link #PASSWORD_ENV} or from the file named by
 * {@code query.legal.signingKeyPasswordFile} (a mounted secret), never from the config or a flag.
 *
 * <p>Stateless and thread-safe. Arguments are non-null; the caller owns password arrays.
 */
public final class SigningKeys {
  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  /** Environment variable holding the signing key's password. */
  public static final String PASSWORD_ENV = "CDRVAULT_SIGNING_KEY_PASSWORD";

  private SigningKeys() {}

  /**
   * The signing key in {@code keyFile}. If the file is missing and {@code createIfMissing}, a new
   * key is generated and saved there under {@code password} (with a loud warning: a demo key); if
   * it is missing otherwise, the node must not start.
   *
   * @throws ConfigException if the file is missing and may not be created, or the password is
   *     empty (the message names the key file and the config key, never the password)
   * @throws io.cdrvault.store.crypto.KeyringException if the file is damaged or the password wrong
   */
  public static ExportSigner loadOrCreate(Path keyFile, char[] password, boolean createIfMissing) {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(password, "password");
    if (password.length == 0) {
      throw new ConfigException(List.of("the export signing key password is empty: set "
          + PASSWORD_ENV));
    }
    if (Files.exists(keyFile)) {
      ExportSigner signer = ExportSigner.load(keyFile, password);
      log.info("export signing key loaded from {} ({})", keyFile, signer.fingerprint());
      return signer;
    }
    if (!createIfMissing) {
      throw new ConfigException(List.of("export signing key file " + keyFile + " does not exist "
          + "(key 'query.legal.signingKeyFile'); create it with 'cdrvault init --config FILE' "
          + "(docs/first-node.md)"));
    }
    ExportSigner signer = ExportSigner.generate();
    signer.save(keyFile, password);
    log.warn("GENERATED A DEMO EXPORT SIGNING KEY at {} ({}). Legal exports signed with it prove "
        + "integrity only; a production node must use a key created and published out of band.",
        keyFile, signer.fingerprint());
    return signer;
  }

  /**
   * The password from {@code passwordFile} (blank: from {@code env}, {@link #PASSWORD_ENV}).
   *
   * @param fileKey the config key naming the file, for messages
   * @throws ConfigException naming the key and file or the variable when unset, empty or unreadable
   */
  public static char[] password(String passwordFile, String fileKey, Map<String, String> env) {
    if (passwordFile != null && !passwordFile.isBlank()) {
      return SecretSource.file(fileKey, Path.of(passwordFile.strip()))
          .read(env, "the export signing key password");
    }
    return passwordFrom(env);
  }

  /**
   * The password from {@code env} ({@link #PASSWORD_ENV}).
   *
   * @throws ConfigException if it is unset or empty
   */
  public static char[] passwordFrom(Map<String, String> env) {
    String v = env.get(PASSWORD_ENV);
    if (v == null || v.isEmpty()) {
      throw new ConfigException(List.of("environment variable " + PASSWORD_ENV
          + " must hold the export signing key password"));
    }
    return v.toCharArray();
  }
}
