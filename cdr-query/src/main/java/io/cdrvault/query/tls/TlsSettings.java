package io.cdrvault.query.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTPS for the API: where the server's key and certificate chain are (a PEM certificate file and
 * a PEM key file, or one PKCS#12 file), where the password of an encrypted key or of the PKCS#12
 * file comes from (a file, else an environment variable), the TLS versions offered, how often the
 * files are checked for a rotated certificate, and — for client certificates (mTLS) — the CA
 * certificates client certificates must chain to and an optional CRL file.
 *
 * <p>Immutable and thread-safe. Holds paths and a variable name, never a password.
 *
 * @param certificateFile PEM certificate chain, the server's certificate first (with {@code keyFile})
 * @param keyFile PEM private key: PKCS#8, PKCS#1, SEC 1 or encrypted PKCS#8
 * @param keyStoreFile PKCS#12 file holding the key and its chain (instead of the two PEM files)
 * @param passwordFile file holding the password (one line); empty = read {@code passwordEnv}
 * @param passwordEnv environment variable holding the password when {@code passwordFile} is empty
 * @param protocols TLS versions offered: {@value #TLS_13}, and {@value #TLS_12} only if asked for
 * @param reloadInterval how often the files are checked for a change (rotation, a new CRL)
 * @param clientCaFile PEM or PKCS#12 CA certificates that client certificates must chain to;
 *     set, the server asks for a client certificate (without requiring one)
 * @param clientCrlFile PEM or DER certificate revocation lists of those CAs (needs {@code clientCaFile})
 */
public record TlsSettings(Optional<Path> certificateFile, Optional<Path> keyFile,
    Optional<Path> keyStoreFile, Optional<Path> passwordFile, String passwordEnv,
    Set<String> protocols, Duration reloadInterval, Optional<Path> clientCaFile,
    Optional<Path> clientCrlFile) {

  public static final String TLS_13 = "TLSv1.3";
  public static final String TLS_12 = "TLSv1.2";
  /** The TLS versions that may be configured. */
  public static final Set<String> VALID_PROTOCOLS = Set.of(TLS_13, TLS_12);
  /** Default for {@link #passwordEnv}. */
  public static final String DEFAULT_PASSWORD_ENV = "CDRVAULT_TLS_PASSWORD";
  /** Default for {@link #reloadInterval}. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  public TlsSettings {
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(keyStoreFile, "keyStoreFile");
    Objects.requireNonNull(passwordFile, "passwordFile");
    Objects.requireNonNull(passwordEnv, "passwordEnv");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    Objects.requireNonNull(clientCaFile, "clientCaFile");
    Objects.requireNonNull(clientCrlFile, "clientCrlFile");
    List<String> problems = new ArrayList<>();
    boolean pem = certificateFile.isPresent() || keyFile.isPresent();
    if (pem == keyStoreFile.isPresent()) {
      problems.add("give either certificateFile and keyFile (PEM) or keyStoreFile (PKCS#12)");
    } else if (pem && (certificateFile.isEmpty() || keyFile.isEmpty())) {
      problems.add("certificateFile and keyFile go together");
    }
    if (!protocols.contains(TLS_13) || !VALID_PROTOCOLS.containsAll(protocols)) {
      problems.add("protocols must be TLSv1.3, or TLSv1.3 and TLSv1.2");
    }
    if (reloadInterval.compareTo(Duration.ofSeconds(1)) < 0
        || reloadInterval.compareTo(Duration.ofHours(1)) > 0) {
      problems.add("reloadInterval must be 1 s to 1 h");
    }
    if (clientCrlFile.isPresent() && clientCaFile.isEmpty()) {
      problems.add("clientCrlFile needs clientCaFile");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    protocols = Set.copyOf(new LinkedHashSet<>(protocols));
  }

  /** HTTPS from a PEM certificate chain and an unencrypted PEM key, TLS 1.3 only. */
  public static TlsSettings pem(Path certificateFile, Path keyFile) {
    return new TlsSettings(Optional.of(certificateFile), Optional.of(keyFile), Optional.empty(),
        Optional.empty(), DEFAULT_PASSWORD_ENV, Set.of(TLS_13), DEFAULT_RELOAD_INTERVAL,
        Optional.empty(), Optional.empty());
  }

  /** HTTPS from a PKCS#12 file whose password is in {@code passwordFile}, TLS 1.3 only. */
  public static TlsSettings pkcs12(Path keyStoreFile, Path passwordFile) {
    return new TlsSettings(Optional.empty(), Optional.empty(), Optional.of(keyStoreFile),
        Optional.of(passwordFile), DEFAULT_PASSWORD_ENV, Set.of(TLS_13), DEFAULT_RELOAD_INTERVAL,
        Optional.empty(), Optional.empty());
  }

  /** These settings checking the files every {@code interval}. */
  public TlsSettings withReloadInterval(Duration interval) {
    return new TlsSettings(certificateFile, keyFile, keyStoreFile, passwordFile, passwordEnv,
        protocols, interval, clientCaFile, clientCrlFile);
  }

  /** These settings offering {@code versions}. */
  public TlsSettings withProtocols(Set<String> versions) {
    return new TlsSettings(certificateFile, keyFile, keyStoreFile, passwordFile, passwordEnv,
        versions, reloadInterval, clientCaFile, clientCrlFile);
  }

  /** These settings asking for client certificates of {@code caFile}'s CAs, checked against {@code crlFile}. */
  public TlsSettings withClientCertificates(Path caFile, Optional<Path> crlFile) {
    return new TlsSettings(certificateFile, keyFile, keyStoreFile, passwordFile, passwordEnv,
        protocols, reloadInterval, Optional.of(caFile), crlFile);
  }

  /** The files the node reads, in a fixed order (they are watched for changes). */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    certificateFile.ifPresent(out::add);
    keyFile.ifPresent(out::add);
    keyStoreFile.ifPresent(out::add);
    passwordFile.ifPresent(out::add);
    clientCaFile.ifPresent(out::add);
    clientCrlFile.ifPresent(out::add);
    return out;
  }
}
