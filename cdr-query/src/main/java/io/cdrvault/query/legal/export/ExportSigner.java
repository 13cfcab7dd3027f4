package io.cdrvault.query.legal.export;

import io.cdrvault.store.crypto.ManifestSigner;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Ed25519 key that signs export manifests. The private key is kept in a password-encrypted
 * PKCS#8 PEM file; the crypto itself lives in {@link ManifestSigner} (cdr-store owns the crypto
 * provider). Key material never appears in {@link #toString()}, logs or exception messages.
 *
 * <p>Immutable and thread-safe. Arguments are non-null; the caller owns password arrays.
 */
public final class ExportSigner {
  private final ManifestSigner key;

  private ExportSigner(ManifestSigner key) {
    this.key = key;
  }

  /** A fresh random key pair. */
  public static ExportSigner generate() {
    return new ExportSigner(ManifestSigner.generate());
  }

  /**
   * Loads a key written by {@link #save}.
   *
   * @throws io.cdrvault.store.crypto.KeyringException if missing, damaged, or the password is wrong
   */
  public static ExportSigner load(Path keyFile, char[] password) {
    return new ExportSigner(ManifestSigner.load(keyFile, password));
  }

  /**
   * Writes the private key, encrypted under {@code password}, to {@code keyFile}.
   *
   * @throws io.cdrvault.store.crypto.KeyringException if the file cannot be written
   */
  public void save(Path keyFile, char[] password) {
    key.save(keyFile, password);
  }

  /** Ed25519 signature of exactly {@code message}. */
  byte[] sign(byte[] message) {
    return key.sign(Objects.requireNonNull(message, "message"));
  }

  /**
   * The underlying Ed25519 key: the node's signing key also signs audit checkpoints
   * ({@code store.audit.CheckpointSchedule}).
   */
  public ManifestSigner manifestSigner() {
    return key;
  }

  /** The public key as X.509 {@code SubjectPublicKeyInfo} DER (the package's {@code signer.pub}). */
  public byte[] publicKeyDer() {
    return key.publicKeyDer();
  }

  /** {@code sha256:<hex>} of the raw public key. */
  public String fingerprint() {
    return key.fingerprint();
  }

  @Override
  public String toString() {
    return "ExportSigner[Ed25519 " + fingerprint() + "]";
  }
}
