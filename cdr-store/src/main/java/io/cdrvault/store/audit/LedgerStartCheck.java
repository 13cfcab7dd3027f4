package io.cdrvault.store.audit;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does before it serves: verifies the whole ledger — chain, signed checkpoints, the
 * anchor file beside the database — and refuses to start on a ledger that does not check out
 * (lost entries, a damaged table file, a rewritten chain). Reading the ledger once costs about as
 * much as reading the {@code audit} column family.
 *
 * <p>Stateless and thread-safe.
 */
public final class LedgerStartCheck {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStartCheck.class);

  private LedgerStartCheck() {}

  /**
   * Verifies {@code ledger}, with checkpoints pinned to {@code trustedPublicKey} when given.
   *
   * @throws LedgerBrokenException naming the first bad entry when the ledger is not intact
   */
  public static VerificationResult requireIntact(RocksAuditLedger ledger,
      Optional<byte[]> trustedPublicKey) {
    long started = System.nanoTime();
    VerificationResult r = trustedPublicKey.isPresent()
        ? ledger.verify(trustedPublicKey.get()) : ledger.verify();
    if (!r.ok()) {
      throw new LedgerBrokenException("refusing to start: audit ledger BROKEN at entry "
          + r.firstBadSequence().getAsLong() + ": " + r.problem()
          + " (run 'cdrvault audit verify'; see docs/audit.md)", r);
    }
    LOG.info("audit ledger verified at start: {} entries, {} signed checkpoints in {} ms",
        r.entriesChecked(), r.checkpointsChecked(), (System.nanoTime() - started) / 1_000_000);
    return r;
  }

  /** The ledger does not check out; the node must not serve. */
  public static final class LedgerBrokenException extends CdrVaultException {
    private static final long serialVersionUID = 1L;
    private final transient VerificationResult result;

    public LedgerBrokenException(String message, VerificationResult result) {
      super(message);
      this.result = result;
    }

    /** The verification that failed. */
    public VerificationResult result() {
      return result;
    }
  }
}
