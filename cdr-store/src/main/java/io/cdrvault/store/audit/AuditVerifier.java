package io.cdrvault.store.audit;

import io.cdrvault.store.CdrVaultException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Verifies the audit ledger of a store's data directory offline: opens its RocksDB read-only (no
 * keys needed, since the ledger holds no ciphertext) and walks the chain and its signed
 * checkpoints.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * Verifies the ledger in {@code dataDir/rocksdb}; checkpoints are checked against the keys they
   * carry (the result says the key was not pinned).
   *
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static VerificationResult verify(Path dataDir) {
    try (ReadOnlyAudit a = ReadOnlyAudit.open(dataDir)) {
      return a.verify();
    }
  }

  /**
   * Verifies the ledger in {@code dataDir/rocksdb}, requiring every checkpoint to be signed by
   * {@code trustedPublicKey} (raw 32-byte Ed25519 key or X.509 DER).
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 public key
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static VerificationResult verify(Path dataDir, byte[] trustedPublicKey) {
    Objects.requireNonNull(trustedPublicKey, "trustedPublicKey");
    try (ReadOnlyAudit a = ReadOnlyAudit.open(dataDir)) {
      return a.verify(trustedPublicKey);
    }
  }
}
