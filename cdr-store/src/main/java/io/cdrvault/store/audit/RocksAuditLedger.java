package io.cdrvault.store.audit;

import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.errors.CdrVaultException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
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
 * <p>Signed checkpoints ({@link #checkpoint}) are kept in {@code meta} under
 * {@code audit/checkpoint/} + sequence (8 bytes, BE); see {@link AuditCheckpoint}.
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
  private final Object checkpointLock = new Object();
  private final List<LongConsumer> appendListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> failureListeners = new CopyOnWriteArrayList<>();
  private boolean closed;
  private volatile HeadAnchor anchorFile;
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
        failed();
        throw new AuditUnavailableException("audit ledger is closed", null);
      }
      synchronized (appendLock) {
        long seq = lastSeq + 1;
        String hash = AuditJson.hash(lastHash, AuditJson.body(seq, event));
        AuditEntry entry = new AuditEntry(seq, event, lastHash, hash);
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(audit, LedgerHead.key(seq), AuditJson.entry(entry));
          batch.put(meta, LedgerHead.KEY, LedgerHead.encode(seq, hash));
          DisclosureIndex.put(batch, meta, seq, event);
          db.write(syncWrites, batch);
        } catch (RocksDBException e) {
          failed();
          throw new AuditUnavailableException("audit entry " + seq + " could not be written: "
              + statusOf(e), e);
        }
        lastSeq = seq;
        lastHash = hash;
        for (LongConsumer l : appendListeners) {
          l.accept(seq);
        }
        return entry;
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Signs the current head (sequence and hash) and stores the checkpoint durably. If the head has
   * not moved since the latest checkpoint, nothing is written and that checkpoint is returned.
   *
   * @return the checkpoint of the head, empty while the ledger is empty
   * @throws AuditUnavailableException if the checkpoint could not be written
   */
  public Optional<AuditCheckpoint> checkpoint(ManifestSigner signer, Instant now) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(now, "now");
    return guarded(() -> {
      synchronized (checkpointLock) {
        long seq;
        String hash;
        synchronized (appendLock) {
          seq = lastSeq;
          hash = lastHash;
        }
        if (seq == 0) {
          return Optional.<AuditCheckpoint>empty();
        }
        Optional<AuditCheckpoint> latest = latestCheckpoint();
        if (latest.isPresent() && latest.get().sequence() == seq
            && latest.get().entryHash().equals(hash)) {
          advanceAnchor(latest.get());
          return latest;
        }
        AuditCheckpoint cp = AuditCheckpoint.sign(seq, hash, now, signer);
        try {
          db.put(meta, syncWrites, AuditCheckpoint.key(seq), cp.toJson());
        } catch (RocksDBException e) {
          throw new AuditUnavailableException("audit checkpoint " + seq + " could not be written: "
              + statusOf(e), e);
        }
        advanceAnchor(cp);
        return Optional.of(cp);
      }
    });
  }

  /**
   * Keeps every new checkpoint also in {@code anchor} (outside the database; see
   * {@link HeadAnchor}) and compares the ledger with it when verifying. Set once, by whoever opens
   * the database.
   */
  public void keepAnchorIn(HeadAnchor anchor) {
    this.anchorFile = Objects.requireNonNull(anchor, "anchor");
  }

  /** The anchor kept outside the database, empty when none was set. */
  public Optional<HeadAnchor> anchorFile() {
    return Optional.ofNullable(anchorFile);
  }

  private void advanceAnchor(AuditCheckpoint cp) {
    HeadAnchor a = anchorFile;
    if (a != null) {
      a.advanceTo(cp);
    }
  }

  /** All stored checkpoints in sequence order (unreadable ones are skipped; verify reports them). */
  public List<AuditCheckpoint> checkpoints() {
    return guarded(() -> {
      try (ReadOptions ro = new ReadOptions()) {
        return List.copyOf(ChainVerifier.checkpoints(db, meta, ro, new HashSet<>()).values());
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit checkpoints could not be read: " + statusOf(e), e);
      }
    });
  }

  /** The newest stored checkpoint. */
  @Override
  public Optional<AuditCheckpoint> latestCheckpoint() {
    return guarded(() -> {
      try (ReadOptions ro = new ReadOptions()) {
        var all = ChainVerifier.checkpoints(db, meta, ro, new HashSet<>());
        return all.isEmpty() ? Optional.<AuditCheckpoint>empty() : Optional.of(all.lastEntry().getValue());
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit checkpoints could not be read: " + statusOf(e), e);
      }
    });
  }

  /** The retention anchor verification starts at, empty when nothing was pruned. */
  public Optional<AuditCheckpoint> anchor() {
    return guarded(() -> {
      try {
        byte[] v = db.get(meta, AuditRetention.ANCHOR_KEY);
        return v == null ? Optional.<AuditCheckpoint>empty() : Optional.of(AuditCheckpoint.fromJson(v));
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit anchor could not be read: " + statusOf(e), e);
      }
    });
  }

  /**
   * Verifies the chain and checks every checkpoint's signature against {@code trustedPublicKey}
   * (raw 32 bytes or X.509 DER, see {@link ManifestSigner#decodePublicKey}) and its entry's hash.
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 public key
   */
  public VerificationResult verify(byte[] trustedPublicKey) {
    byte[] raw = ManifestSigner.decodePublicKey(Objects.requireNonNull(trustedPublicKey, "key"));
    return guarded(() -> {
      try {
        return ChainVerifier.verify(db, audit, meta, raw, anchorFile);
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit ledger could not be read: " + statusOf(e), e);
      }
    });
  }

  /** Calls {@code listener} with each new entry's sequence, inside the append (keep it cheap). */
  void addAppendListener(LongConsumer listener) {
    appendListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeAppendListener(LongConsumer listener) {
    appendListeners.remove(listener);
  }

  /** Calls {@code listener} each time an append fails (keep it cheap). */
  void addFailureListener(Runnable listener) {
    failureListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void failed() {
    for (Runnable l : failureListeners) {
      l.run();
    }
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle auditFamily() {
    return audit;
  }

  ColumnFamilyHandle metaFamily() {
    return meta;
  }

  WriteOptions syncWrites() {
    return syncWrites;
  }

  /** Runs {@code action} while the ledger is open (fails with {@link CdrVaultException} if not). */
  <T> T guarded(Supplier<T> action) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      return action.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public VerificationResult verify() {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      return ChainVerifier.verify(db, audit, meta, null, anchorFile);
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
