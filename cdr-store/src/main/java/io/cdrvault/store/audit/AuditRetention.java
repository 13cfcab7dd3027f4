package io.cdrvault.store.audit;

import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.errors.CdrVaultException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * Retention of audit entries, independent of CDR retention and never shorter than
 * {@link #MINIMUM} (366 days). Pruning deletes the oldest entries, but only up to a signed
 * checkpoint: entries {@code 1..c-1} go, where {@code c} is the newest checkpoint such that entry
 * {@code c} and every entry before it are older than the cutoff. That checkpoint is stored as the
 * retention anchor ({@code meta} key {@code audit/anchor}, the checkpoint's JSON with its
 * signature); verification then starts at entry {@code c}, whose hash must be the one the anchor
 * signs. Without such a checkpoint nothing is pruned. The {@link DisclosureIndex} keys of pruned
 * entries are deleted too.
 *
 * <p>Thread-safe (prunes are serialised; appends may run concurrently).
 */
public final class AuditRetention {
  /** The shortest retention allowed: one year and a day. */
  public static final Duration MINIMUM = Duration.ofDays(366);

  static final byte[] ANCHOR_KEY = "audit/anchor".getBytes(StandardCharsets.UTF_8);

  private final RocksAuditLedger ledger;
  private final Duration retention;

  /**
   * Retention of {@code retention} over {@code ledger}.
   *
   * @throws IllegalArgumentException if {@code retention} is shorter than {@link #MINIMUM}
   */
  public AuditRetention(RocksAuditLedger ledger, Duration retention) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.retention = checked(retention);
  }

  /** The configured retention. */
  public Duration retention() {
    return retention;
  }

  private static Duration checked(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.compareTo(MINIMUM) < 0) {
      throw new IllegalArgumentException("audit retention must be at least " + MINIMUM.toDays()
          + " days, independent of CDR retention");
    }
    return retention;
  }

  /**
   * What a prune did.
   *
   * @param entriesDeleted how many entries were deleted (0 when nothing qualified)
   * @param anchor the checkpoint verification now starts at, empty if nothing was ever pruned
   */
  public record Pruned(long entriesDeleted, Optional<AuditCheckpoint> anchor) {
    public Pruned {
      Objects.requireNonNull(anchor, "anchor");
    }
  }

  /** {@link #prune(Instant, Duration, ManifestSigner)} with the configured retention. */
  public Pruned prune(Instant now, ManifestSigner signer) {
    return prune(now, retention, signer);
  }

  /**
   * Deletes entries older than {@code now - retention} up to (not including) the newest checkpoint
   * whose entry (and all before it) is older than the cutoff, and makes that checkpoint the anchor.
   * The ledger is verified first, with {@code signer}'s public key pinned, and nothing is deleted
   * unless it is intact. Deleted entries and the new anchor are written in one synced batch.
   *
   * @throws IllegalArgumentException if {@code retention} is shorter than {@link #MINIMUM}
   * @throws CdrVaultException if the ledger does not verify or cannot be written
   */
  public Pruned prune(Instant now, Duration retention, ManifestSigner signer) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(signer, "signer");
    Instant cutoff = now.minus(checked(retention));
    synchronized (this) {
      return ledger.guarded(() -> {
        try {
          return pruneLocked(cutoff, signer);
        } catch (RocksDBException e) {
          throw new CdrVaultException("audit prune failed: "
              + (e.getStatus() == null ? "unknown status" : e.getStatus().getCode().name()), e);
        }
      });
    }
  }

  private Pruned pruneLocked(Instant cutoff, ManifestSigner signer) throws RocksDBException {
    VerificationResult v = ledger.verify(signer.rawPublicKey());
    if (!v.ok()) {
      throw new CdrVaultException("audit ledger does not verify (entry "
          + v.firstBadSequence().getAsLong() + "); nothing pruned");
    }
    Optional<AuditCheckpoint> oldAnchor = ledger.anchor();
    long start = oldAnchor.map(AuditCheckpoint::sequence).orElse(1L);
    NavigableMap<Long, AuditCheckpoint> cps;
    long olderThrough = start - 1; // last sequence such that it and all before are older than cutoff
    try (ReadOptions ro = new ReadOptions()) {
      cps = ChainVerifier.checkpoints(ledger.db(), ledger.metaFamily(), ro, new HashSet<>());
      try (RocksIterator it = ledger.db().newIterator(ledger.auditFamily(), ro)) {
        for (it.seek(LedgerHead.key(start)); it.isValid(); it.next()) {
          AuditEntry e = AuditJson.parse(it.value());
          if (!e.event().time().isBefore(cutoff)) {
            break;
          }
          olderThrough = e.sequence();
        }
        it.status();
      }
    }
    Map.Entry<Long, AuditCheckpoint> anchorEntry = cps.floorEntry(olderThrough);
    if (anchorEntry == null || anchorEntry.getKey() <= start) {
      return new Pruned(0, oldAnchor);
    }
    AuditCheckpoint anchor = anchorEntry.getValue();
    long c = anchor.sequence();
    Snapshot beforePrune = ledger.db().getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(beforePrune)) {
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(ledger.metaFamily(), ANCHOR_KEY, anchor.toJson());
        batch.deleteRange(ledger.auditFamily(), LedgerHead.key(start), LedgerHead.key(c));
        batch.deleteRange(ledger.metaFamily(), AuditCheckpoint.key(0), AuditCheckpoint.key(c));
        DisclosureIndex.pruneRanges(batch, ledger.metaFamily(), c);
        ledger.db().write(ledger.syncWrites(), batch);
      }
      // the disclosure index's customer keys of the pruned entries (a crash here leaves keys that
      // point to pruned entries; reports skip them)
      DisclosureIndex.dropCustomerKeys(ledger, ro, start, c);
    } finally {
      ledger.db().releaseSnapshot(beforePrune);
    }
    return new Pruned(c - start, Optional.of(anchor));
  }
}
