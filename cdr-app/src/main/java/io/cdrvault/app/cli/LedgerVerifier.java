package io.cdrvault.app.cli;

import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.rocks.AuditVerifier;
import java.nio.file.Path;

/**
 * Verifies the audit ledger kept in a data directory, without keys. The CLI's {@code audit verify}
 * runs one; tests pass their own.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface LedgerVerifier {

  /**
   * Checks the ledger's hash chain in {@code dataDir}.
   *
   * @throws RuntimeException when the ledger cannot be opened or read (a usage/config error,
   *     not a broken chain)
   */
  VerificationResult verify(Path dataDir);

  /**
   * As {@link #verify(Path)}, requiring every signed checkpoint to be signed by
   * {@code trustedPublicKey} (raw 32-byte Ed25519 key or X.509 DER). This default cannot pin a key
   * and says so.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 public key
   */
  default VerificationResult verify(Path dataDir, byte[] trustedPublicKey) {
    throw new UnsupportedOperationException("this verifier cannot check a trusted key");
  }

  /**
   * The store's offline verifier, {@link AuditVerifier#verify(Path)} and
   * {@link AuditVerifier#verify(Path, byte[])}: opens the data directory's
   * RocksDB read-only and walks the chain.
   */
  static LedgerVerifier store() {
    return new LedgerVerifier() {
      @Override
      public VerificationResult verify(Path dataDir) {
        return AuditVerifier.verify(dataDir);
      }

      @Override
      public VerificationResult verify(Path dataDir, byte[] trustedPublicKey) {
        return AuditVerifier.verify(dataDir, trustedPublicKey);
      }
    };
  }
}
