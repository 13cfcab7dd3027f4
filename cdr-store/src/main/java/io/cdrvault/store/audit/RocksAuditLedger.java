package io.cdrvault.store.audit;

import io.cdrvault.store.CdrVaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The audit ledger in the store's {@code audit} column family: key = sequence (8 bytes, BE), value
 * = canonical JSON of {seq, event fields, prevHash, hash}. Each append is written with
 * {@code sync=true} in one WriteBatch with the head pointer ({@code meta} key {@code audit/head}).
 *
 * <p>Thread-safe: appends are serialised. The RocksDB handles belong to the caller, who must
 * {@link #close()} this ledger before closing them; afterwards appends fail with
 * {@link AuditUnavailableException}.
 */
public final class RocksAuditLedger implements AuditLedger {
  private final RocksDB db;
  private final ColumnFamilyHandle audit;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncWrites;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Object appendLock = new Object();
  private boolean closed;
  private long lastSeq;
  private String lastHash;

  private RocksAuditLedger(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
      LedgerHead head) {
    this.db = db;
    this.audit = audit;
    this.meta = meta;
    this.syncWrites = new WriteOptions().setSync(true);
    this.lastSeq = head.sequence();
    this.lastHash = head.hashHex();
  }

  /**
   * A ledger over the given column families of an open database, continuing from its head pointer.
   */
  public static RocksAuditLedger open(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta) {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(meta, "meta");
    try {
      return new RocksAuditLedger(db, audit, meta, LedgerHead.decode(db.get(meta, LedgerHead.KEY)));
    } catch (RocksDBException e) {
      throw new AuditUnavailableException("audit head pointer could not be read", e);
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new AuditUnavailableException("audit ledger is closed", null);
      }
      synchronized (appendLock) {
        long seq = lastSeq + 1;
        String hash = AuditJson.hash(lastHash, AuditJson.body(seq, event));
        AuditEntry entry = new AuditEntry(seq, event, lastHash, hash);
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(audit, LedgerHead.key(seq), AuditJson.entry(entry));
          batch.put(meta, LedgerHead.KEY, LedgerHead.encode(seq, hash));
          db.write(syncWrites, batch);
        } catch (RocksDBException e) {
          throw new AuditUnavailableException("audit entry " + seq + " could not be written: "
              + statusOf(e), e);
        }
        lastSeq = seq;
        lastHash = hash;
        return entry;
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public VerificationResult verify() {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      return ChainVerifier.verify(db, audit, meta);
    } catch (RocksDBException e) {
      throw new CdrVaultException("audit ledger could not be read: " + statusOf(e), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public List<AuditEntry> read(long fromSequence, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      List<AuditEntry> out = new ArrayList<>(Math.min(limit, 1024));
      try (RocksIterator it = db.newIterator(audit)) {
        for (it.seek(LedgerHead.key(Math.max(1, fromSequence))); it.isValid() && out.size() < limit;
            it.next()) {
          try {
            out.add(AuditJson.parse(it.value()));
          } catch (RuntimeException e) {
            throw new CdrVaultException("audit entry " + LedgerHead.getLong(it.key())
                + " is unreadable; run audit verification");
          }
        }
      }
      return out;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public long lastSequence() {
    synchronized (appendLock) {
      return lastSeq;
    }
  }

  /** Stops the ledger; idempotent. Call before closing the database handles. */
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        syncWrites.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new CdrVaultException("audit ledger is closed");
    }
  }

  private static String statusOf(RocksDBException e) {
    return e.getStatus() == null ? "unknown status" : e.getStatus().getCode().name();
  }

  @Override
  public String toString() {
    return "RocksAuditLedger[last=" + lastSequence() + "]";
  }
}
