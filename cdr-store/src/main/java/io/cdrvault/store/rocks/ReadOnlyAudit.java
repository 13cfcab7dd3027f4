package io.cdrvault.store.rocks;

import io.cdrvault.store.audit.AuditCheckpoint;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.Corruptions;
import io.cdrvault.store.audit.HeadAnchor;
import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.LegalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A data directory's audit ledger opened read-only (RocksDB {@code openReadOnly}: works while a
 * node is running, sees what was written when it was opened). Verification needs no keys; the
 * legal registry (to tell gagged cases) needs the keyring.
 *
 * <p>Thread-safe; close it when done (idempotent). Appending through {@link #ledger()} fails.
 */
public final class ReadOnlyAudit implements AutoCloseable {
  static final String AUDIT_CF = "audit";
  static final String META_CF = "meta";
  static final String LEGAL_CF = "legal";

  private final ColumnFamilyOptions cfOptions;
  private final DBOptions dbOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle audit;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle legal;
  private final RocksAuditLedger ledger;
  private boolean closed;

  private ReadOnlyAudit(ColumnFamilyOptions cfo, DBOptions dbo, RocksDB db,
      List<ColumnFamilyHandle> handles, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
      ColumnFamilyHandle legal) {
    this.cfOptions = cfo;
    this.dbOptions = dbo;
    this.db = db;
    this.handles = handles;
    this.audit = audit;
    this.meta = meta;
    this.legal = legal;
    this.writeOptions = new WriteOptions();
    this.ledger = RocksAuditLedger.open(db, audit, meta);
  }

  /**
   * Opens {@code dataDir/rocksdb} read-only.
   *
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static ReadOnlyAudit open(Path dataDir) {
    return open(dataDir, io.cdrvault.store.rocks.CleanStop.recoveryModeFor(dataDir));
  }

  /**
   * Opens {@code dataDir/rocksdb} read-only recovering its write-ahead logs with {@code walMode}
   * (as the store would: {@code CleanStop.recoveryModeFor}; {@code PointInTimeRecovery} only to
   * see how far a damaged log still reads). The anchor file is read before the database.
   *
   * @throws LedgerDamagedException if RocksDB reports the database damaged (Corruption)
   * @throws HeadAnchor.AnchorUnreadableException if the anchor file is not a signed checkpoint
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  static ReadOnlyAudit open(Path dataDir, org.rocksdb.WALRecoveryMode walMode) {
    Path rocks = dataDir.resolve("rocksdb");
    if (!Files.isDirectory(rocks)) {
      throw new CdrVaultException("no store found at " + rocks);
    }
    HeadAnchor anchor = HeadAnchor.snapshotOf(dataDir);
    RocksDB.loadLibrary();
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, rocks.toString());
    } catch (RocksDBException e) {
      throw new CdrVaultException("store at " + rocks + " could not be listed", e);
    }
    ColumnFamilyOptions cfo = new ColumnFamilyOptions();
    DBOptions dbo = new DBOptions().setWalRecoveryMode(walMode);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      List<ColumnFamilyDescriptor> ds = new ArrayList<>();
      for (byte[] n : names) {
        ds.add(new ColumnFamilyDescriptor(n, cfo));
      }
      db = RocksDB.openReadOnly(dbo, rocks.toString(), ds, handles);
      ColumnFamilyHandle a = null;
      ColumnFamilyHandle m = null;
      ColumnFamilyHandle l = null;
      for (int i = 0; i < names.size(); i++) {
        String n = new String(names.get(i), StandardCharsets.UTF_8);
        if (n.equals(AUDIT_CF)) {
          a = handles.get(i);
        } else if (n.equals(META_CF)) {
          m = handles.get(i);
        } else if (n.equals(LEGAL_CF)) {
          l = handles.get(i);
        }
      }
      if (a == null || m == null) {
        throw new CdrVaultException("store at " + rocks + " has no audit ledger");
      }
      ReadOnlyAudit ro = new ReadOnlyAudit(cfo, dbo, db, handles, a, m, l);
      ro.ledger.keepAnchorIn(anchor);
      return ro;
    } catch (RocksDBException | RuntimeException e) {
      for (int i = handles.size() - 1; i >= 0; i--) {
        handles.get(i).close();
      }
      if (db != null) {
        db.close();
      }
      dbo.close();
      cfo.close();
      if (e instanceof CdrVaultException c) {
        throw c;
      }
      if (e instanceof org.rocksdb.RocksDBException r && Corruptions.isCorruption(r)) {
        throw new LedgerDamagedException("store at " + rocks + " is damaged: "
            + Corruptions.describe(r), r, Corruptions.filesNamed(r));
      }
      String status = e instanceof RocksDBException r && r.getStatus() != null
          ? r.getStatus().getCode().name() : e.getClass().getSimpleName();
      throw new CdrVaultException("store at " + rocks + " could not be opened read-only: " + status, e);
    }
  }

  /** RocksDB found the database damaged while opening it (a write-ahead log, a table file). */
  public static final class LedgerDamagedException extends CdrVaultException {
    private static final long serialVersionUID = 1L;
    private final java.util.Set<String> files;

    LedgerDamagedException(String message, Throwable cause, java.util.Set<String> files) {
      super(message, cause);
      this.files = java.util.Set.copyOf(files);
    }

    /** The database files RocksDB named, possibly none. */
    public java.util.Set<String> files() {
      return files;
    }
  }

  /** The ledger, for reading (appends and checkpoints fail). */
  public AuditLedger ledger() {
    return ledger;
  }

  /** Verifies the chain, checking checkpoints against the keys they carry (not pinned). */
  public VerificationResult verify() {
    return ledger.verify();
  }

  /**
   * Verifies the chain with checkpoints pinned to {@code trustedPublicKey} (raw 32 bytes or X.509
   * DER).
   *
   * @throws IllegalArgumentException if it is not an Ed25519 public key
   */
  public VerificationResult verify(byte[] trustedPublicKey) {
    return ledger.verify(trustedPublicKey);
  }

  /** The signed checkpoints, oldest first. */
  public List<AuditCheckpoint> checkpoints() {
    return ledger.checkpoints();
  }

  /**
   * The store's legal requests, decrypted with {@code keyring} (lookups only); empty when the store
   * has no legal column family.
   */
  public Optional<LegalRegistry> legalRegistry(Keyring keyring) {
    Objects.requireNonNull(keyring, "keyring");
    return legal == null ? Optional.empty()
        : Optional.of(StoreRegistries.legalOver(db, legal, writeOptions, keyring));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ledger.close();
    writeOptions.close();
    for (int i = handles.size() - 1; i >= 0; i--) {
      handles.get(i).close();
    }
    db.close();
    dbOptions.close();
    cfOptions.close();
  }

  @Override
  public String toString() {
    return "ReadOnlyAudit[" + (closed ? "closed" : "open") + "]";
  }
}
