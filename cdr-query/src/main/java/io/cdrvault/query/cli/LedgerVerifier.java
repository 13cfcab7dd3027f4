package io.cdrvault.query.cli;

import io.cdrvault.store.audit.AuditVerifier;
import io.cdrvault.store.audit.VerificationResult;
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
   * The store's offline verifier, {@link AuditVerifier#verify(Path)}: opens the data directory's
   * RocksDB read-only and walks the chain.
   */
  static LedgerVerifier store() {
    return AuditVerifier::verify;
  }
}
