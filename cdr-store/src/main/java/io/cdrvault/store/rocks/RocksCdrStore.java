package io.cdrvault.store.rocks;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.ErasureGrant;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.audit.DisclosureIndex;
import io.cdrvault.store.audit.HeadAnchor;
import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.lifecycle.HoldRegistry;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB-backed {@link CdrStore}: a facade over small parts, each owning its resources and
 * none calling back into it — {@link StoreOpener} (open, or refuse clearly),
 * {@link RocksResources} (native objects, closed in reverse order), {@link StoreGate} (shared work
 * vs. exclusive maintenance, open cursors), {@link MonthFamilies} (per-month record and index
 * column families), {@link RecordVault} (tags, data keys, seal and open), {@link BatchWriter} (the
 * ingest write path), {@link RecordReader} and the cursors (reads under a grant),
 * {@link MonthMaintenance}, {@link RetentionSweeper} and
 * {@link RocksErasure} (retention, holds, erasure) and the sealed registries.
 *
 * <p>Column families: {@code default}, {@code meta} (Kafka offsets as
 * {@code offset/<topic>/<partition>} → next offset (8, BE); schema version; audit head),
 * {@code audit} (the ledger), {@code legal} (sealed legal requests), {@code consent} (sealed
 * consent histories), {@code lifecycle} (sealed holds, erasure markers and pending purges),
 * {@code compliance} (the sealed breach register and complaint log, never purged), one
 * {@code cdr-yyyyMM} per UTC month of start time and, beside it, {@code idx-yyyyMM}: the blind
 * index of both parties' numbers and of the destination prefix (see {@link StorageKeys}). Wrapped
 * data keys live apart, in the {@link KeyDatabase} at {@code dataDir/keydb}.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and closes open cursors first.
 */
public final class RocksCdrStore implements CdrStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksCdrStore.class);
  static final String META = "meta";
  static final String AUDIT = "audit";
  static final String LEGAL = "legal";
  static final String CONSENT = "consent";
  static final String LIFECYCLE = "lifecycle";
  static final String COMPLIANCE = "compliance";
  static final int SCHEMA_VERSION = 1;

  private final StoreSettings settings;
  private final Clock clock;
  private final RocksResources resources;
  private final RocksDB db;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions;
  private final WriteOptions syncOptions;
  private final MonthFamilies families;
  private final StoreGate gate;
  private final RocksAuditLedger ledger;
  private final HmacCustomerTagger tagger;
  private final RecordVault vault;
  private final RocksLegalRegistry legalRegistry;
  private final RocksConsentRegistry consentRegistry;
  private final RocksComplianceRegistry complianceRegistry;
  /** Holds, erasure markers and pending purges (the {@code lifecycle} column family). */
  private final RocksLifecycle holds;
  private final BatchWriter writer;
  private final WriteProbe writeProbe;
  private final RecordReader reader;
  private final MonthMaintenance maintenance;
  private final LifecycleParts lifecycleParts;
  private final GrantCursors cursors;
  private volatile RetentionPolicy retentionPolicy = RetentionPolicy.defaults();

  private RocksCdrStore(StoreSettings settings, Keyring keyring, MeterRegistry registry, Clock clock,
      StoreOpener.Opened opened) throws RocksDBException {
    this.settings = settings;
    this.clock = clock;
    this.resources = opened.resources();
    this.db = resources.db();
    this.writeOptions = new WriteOptions().setSync(settings.syncWrites());
    this.syncOptions = new WriteOptions().setSync(true);
    Map<String, ColumnFamilyHandle> fixed = new LinkedHashMap<>();
    List<String> names = opened.names();
    List<ColumnFamilyHandle> handles = resources.handles();
    for (int i = 0; i < names.size(); i++) {
      if (!MonthFamilies.isRecordFamily(names.get(i)) && !MonthFamilies.isIndexFamily(names.get(i))) {
        fixed.put(names.get(i), handles.get(i));
      }
    }
    this.meta = Objects.requireNonNull(fixed.get(META));
    this.families = new MonthFamilies(db, resources.recordOptions, resources.indexOptions);
    for (int i = 0; i < names.size(); i++) {
      families.adopt(names.get(i), handles.get(i));
    }
    this.gate = new StoreGate(families::closeDropped);
    checkSchemaVersion();
    this.ledger = RocksAuditLedger.open(db, Objects.requireNonNull(fixed.get(AUDIT)), meta);
    ledger.keepAnchorIn(HeadAnchor.in(settings.dataDir()));
    DisclosureIndex.catchUp(ledger);
    this.tagger = HmacCustomerTagger.create(keyring);
    this.vault = new RecordVault(tagger,
        DataKeyManager.create(keyring, opened.keyDatabase(), settings.dekCacheSize()),
        opened.keyDatabase());
    StoreRegistries registries = StoreRegistries.open(db, fixed, syncOptions, keyring, tagger, gate,
        ledger);
    this.legalRegistry = registries.legal();
    this.consentRegistry = registries.consent();
    this.complianceRegistry = registries.compliance();
    this.holds = registries.holds();
    FileStore fileStore;
    try {
      fileStore = Files.getFileStore(settings.rocksDir());
    } catch (IOException e) {
      throw new CdrVaultException("the store directory's file system cannot be read", e);
    }
    this.writer = new BatchWriter(db, meta, writeOptions, families, vault, holds, fileStore,
        settings.minFreeDiskBytes(), registry);
    this.writeProbe = new WriteProbe(db, meta, syncOptions, fileStore, writer.minFreeDisk());
    this.reader = new RecordReader(db, families, vault, gate,
        Counter.builder("cdr.store.records.read").description("Records decrypted for a grant")
            .register(registry));
    this.maintenance = new MonthMaintenance(db, new ArrayList<>(fixed.values()), meta,
        syncOptions, families, vault, gate, clock);
    this.lifecycleParts = new LifecycleParts(gate, reader, maintenance, holds);
    this.cursors = new GrantCursors(reader, holds);
  }

  /**
   * Opens (creating if missing) the store in {@code settings.dataDir()/rocksdb}.
   *
   * @throws CdrVaultException if the database cannot be opened or has another schema version
   */
  public static RocksCdrStore open(StoreSettings settings, Keyring keyring, MeterRegistry registry,
      Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(keyring, "keyring");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    StoreOpener.Opened opened = StoreOpener.open(settings);
    try {
      RocksCdrStore s = new RocksCdrStore(settings, keyring, registry, clock, opened);
      LOG.info("opened store at {} with {} month column families", settings.rocksDir(),
          s.families.recordMonths().size());
      return s;
    } catch (RocksDBException | RuntimeException e) {
      opened.resources().close();
      opened.keyDatabase().close();
      if (e instanceof RocksDBException re) {
        throw StoreOpener.openFailure("the store at " + settings.rocksDir(), re,
            settings.rocksDir());
      }
      throw (RuntimeException) e;
    }
  }

  private void checkSchemaVersion() throws RocksDBException {
    byte[] v = db.get(meta, StorageKeys.SCHEMA_VERSION_KEY);
    if (v == null) {
      db.put(meta, syncOptions, StorageKeys.SCHEMA_VERSION_KEY,
          ByteBuffer.allocate(4).putInt(SCHEMA_VERSION).array());
    } else if (v.length != 4 || ByteBuffer.wrap(v).getInt() != SCHEMA_VERSION) {
      throw new CdrVaultException("store schema version is not " + SCHEMA_VERSION);
    }
  }

  @Override
  public WriteResult write(IngestBatch batch) {
    Objects.requireNonNull(batch, "batch");
    return gate.shared(() -> writer.write(batch));
  }

  /**
   * Changes the minimum usable disk space checked before each record batch (0 = no check), on the
   * open store. An operator hook (e.g. to let ingest continue on a nearly full disk while space is
   * being added) and a test hook (to make the real check trip); the configured value is
   * {@link StoreSettings#minFreeDiskBytes()}. Thread-safe; applies to the next write.
   */
  public void setMinFreeDiskBytes(long bytes) {
    writer.setMinFreeDiskBytes(bytes);
  }

  /** The minimum usable disk space currently checked before each record batch. */
  public long minFreeDiskBytes() {
    return writer.minFreeDiskBytes();
  }

  @Override
  public Map<SourcePartition, Long> storedOffsets() {
    return gate.shared(() -> StoredOffsets.read(db, meta));
  }

  @Override
  public RecordCursor records(AccessGrant grant) {
    Objects.requireNonNull(grant, "grant");
    refuseErasureDecision(grant);
    return gate.register(() -> cursors.forGrant(grant));
  }

  @Override
  public RecordCursor records(AccessGrant grant, String afterCustomerTagHex) {
    Objects.requireNonNull(grant, "grant");
    refuseErasureDecision(grant);
    byte[] after = GrantCursors.resumePoint(grant, afterCustomerTagHex);
    return gate.register(() -> MergeCursor.overAll(reader, grant, after));
  }

  /**
   * The store's data-key manager: destroy keys (crypto-shredding), list them, rewrap them. Its
   * calls fail once the store is closed.
   */
  public DataKeyManager dataKeyManager() {
    return vault.dataKeys();
  }

  @Override
  public RocksAuditLedger auditLedger() {
    return ledger;
  }

  @Override
  public CustomerTagger customerTagger() {
    return tagger;
  }

  /**
   * The registry of legal requests kept (sealed) in this store's {@code legal} column family.
   * Its calls fail once the store is closed.
   */
  @Override
  public LegalRegistry legalRegistry() {
    return legalRegistry;
  }

  /**
   * Customers' CPNI marketing approval, kept (sealed, append-only) in this store's {@code consent}
   * column family. Its calls fail once the store is closed.
   */
  @Override
  public ConsentRegistry consentRegistry() {
    return consentRegistry;
  }

  /** The breach register and complaint log, sealed in the {@code compliance} column family. */
  @Override
  public ComplianceRegistry complianceRegistry() {
    return complianceRegistry;
  }

  /** The settings this store was opened with. */
  public StoreSettings settings() {
    return settings;
  }

  /** The clock this store was opened with (for retention decisions). */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether the ledger and the record store can write now (a synced probe write, at most one per
   * {@link WriteProbe#MIN_INTERVAL}) and, if not, why — by kind only. For readiness; never throws.
   */
  public WriteProbe.Health writeHealth() {
    return gate.sharedIfOpen(writeProbe::check, WriteProbe.Health::closed);
  }

  /**
   * Flushes every memtable to SST files and compacts every column family (maintenance; also used
   * by tests that inspect the files on disk).
   */
  public void flushAndCompact() {
    gate.shared(() -> {
      maintenance.flushAndCompact();
      return null;
    });
  }

  @Override
  public void close() {
    gate.closeOnce(() -> {
      for (StoreCursor c : gate.openCursors()) {
        c.storeClosed = true;
        c.close();
      }
      reader.close();
      ledger.close();
      boolean flushed = flushAtStop(maintenance.allHandles());
      families.close();
      resources.close();
      if (flushed && !CleanStop.mark(settings.dataDir())) {
        LOG.warn("the clean-stop marker could not be written; the next open tolerates a torn log tail");
      }
      vault.close();
      syncOptions.close();
      writeOptions.close();
      LOG.info("closed store at {}", settings.rocksDir());
    });
  }

  /**
   * A clean stop leaves everything in table files (block checksums, verified on read) and no
   * audit entry only in the write-ahead log. A failed flush (e.g. a full disk) is logged; the log
   * still holds the data.
   */
  private boolean flushAtStop(List<ColumnFamilyHandle> hs) {
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, hs);
      return true;
    } catch (RocksDBException e) {
      LOG.warn("flush at stop failed ({}); the write-ahead log keeps the data",
          e.getStatus() == null ? "unknown status" : e.getStatus().getCode().name());
      return false;
    }
  }

  // --- lifecycle: retention, legal holds, erasure (see docs/retention-and-erasure.md) ---

  /** The legal holds kept (sealed) in this store's {@code lifecycle} column family. */
  @Override
  public HoldRegistry holdRegistry() {
    return holds;
  }

  /** Sets the retention policy that erasure and the retention sweep apply (default: US). */
  public void useRetentionPolicy(RetentionPolicy policy) {
    this.retentionPolicy = Objects.requireNonNull(policy, "policy");
  }

  /** The retention policy in use (see {@link #useRetentionPolicy}). */
  public RetentionPolicy retentionPolicy() {
    return retentionPolicy;
  }

  /**
   * A retention sweeper over this store with its {@linkplain #retentionPolicy() policy} at this
   * call (not started; see {@link RetentionSweeper#start}). The caller closes it.
   */
  public RetentionSweeper retentionSweeper() {
    return new RetentionSweeper(lifecycleParts, retentionPolicy);
  }

  /**
   * Erases a customer: unless a legal hold or a statutory minimum retention applies, writes the
   * erasure marker and destroys all of the customer's data keys now (reads then throw
   * {@link io.cdrvault.store.lifecycle.CustomerErasedException}) and queues the physical purge of
   * their records and index entries for the next retention sweep. Otherwise records a deferred
   * erasure that the sweep runs once the obstacle ends, and says until when and why. Audited
   * ({@code erasure.request}, {@code erasure.deferred}, {@code erasure.run}) before acting.
   *
   * @throws io.cdrvault.store.audit.AuditUnavailableException if the audit cannot be written
   *     (nothing is erased)
   */
  @Override
  public ErasureResult erase(ErasureGrant grant, Instant now) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(now, "now");
    return new RocksErasure(lifecycleParts, retentionPolicy).erase(grant.customer(),
        grant.principal(), now);
  }


  /** An erasure decision is no read grant: erasure has its own capability ({@link ErasureGrant}). */
  private static void refuseErasureDecision(AccessGrant grant) {
    if (Operations.ERASURE.equals(grant.operation())) {
      throw new IllegalArgumentException("an erasure decision opens no record");
    }
  }

  @Override
  public String toString() {
    return "RocksCdrStore[" + settings.rocksDir() + "]";
  }
}
