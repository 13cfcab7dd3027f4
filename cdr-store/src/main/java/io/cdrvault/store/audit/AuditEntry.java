package io.cdrvault.store.audit;

import java.util.Objects;

/**
 * A ledger entry: the event, its sequence number (from 1, no gaps), the hash of the previous entry
 * and its own hash {@code SHA-256(prevHash ‖ canonical bytes of seq and event)}, both hex.
 *
 * <p>Immutable and thread-safe; no member is null.
 */
public record AuditEntry(long sequence, AuditEvent event, String previousHash, String hash) {
  public AuditEntry {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
  }

  /**
   * The entry exactly as the ledger stores it: canonical JSON with the members of docs/audit.md
   * (seq, time, principal, …, prevHash, hash), UTF-8. Holds no plaintext CPNI (pseudonyms only).
   */
  public byte[] canonicalJson() {
    return AuditJson.entry(this);
  }

  /**
   * The event as the kind the caller expects.
   *
   * @throws IllegalStateException if it is another kind
   */
  public <T extends AuditEvent> T event(Class<T> kind) {
    if (!kind.isInstance(event)) {
      throw new IllegalStateException("audit entry " + sequence + " is a "
          + event.getClass().getSimpleName() + ", not a " + kind.getSimpleName());
    }
    return kind.cast(event);
  }
}
