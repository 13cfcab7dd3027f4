package io.cdrvault.store.audit;

import java.util.List;
import java.util.Optional;

/**
 * An append-only, hash-chained ledger of access decisions.
 *
 * <p>Implementations are thread-safe: appends are serialised so the chain has no forks.
 */
public interface AuditLedger {

  /**
   * Appends the event durably (synced) and returns the entry.
   *
   * @throws AuditUnavailableException if the event could not be recorded
   */
  AuditEntry append(AuditEvent event);

  /** Re-computes the whole chain and reports the first entry that does not check out. */
  VerificationResult verify();

  /** Entries with sequence ≥ {@code fromSequence}, at most {@code limit}, in order. */
  List<AuditEntry> read(long fromSequence, int limit);

  /** Sequence number of the last entry, 0 when empty. */
  long lastSequence();

  /**
   * The newest signed checkpoint (docs/audit.md "Signed checkpoints"); empty when none was made.
   * This default is for ledgers that keep no checkpoints; a ledger that wraps another delegates.
   */
  default Optional<AuditCheckpoint> latestCheckpoint() {
    return Optional.empty();
  }
}
