package io.cdrvault.store.rocks;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.CdrVaultException;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.RetriableException;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.RecordSealer;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB-backed {@link CdrStore}. Column families: {@code default}, {@code meta} (Kafka offsets
 * as {@code offset/<topic>/<partition>} → next offset (8, BE); schema version; audit head),
 * {@code audit} (the ledger), {@code legal} (sealed legal requests, see {@link #legalRegistry()}),
 * {@code consent} (sealed consent histories, see {@link #consentRegistry()}; both created when a
 * store written before them is opened; wrapped data keys live apart, in {@link KeyDatabase}), one
 * {@code cdr-yyyyMM} per UTC month of start time and, beside it, {@code idx-yyyyMM}: the blind
 * index of both parties' numbers and of the destination prefix, created on demand (see
 * {@link StorageKeys} for the record and index keys). Wrapped data keys live apart, in the
 * {@link KeyDatabase} at {@code dataDir/keydb}; a store written when they lived in a {@code keys}
 * column family here is migrated on open (copy and sync, mark in the key database, then drop the
 * column family; a crash at any point is finished by the next open).
 *
 * <p>Thread-safe. {@link #close()} is idempotent and closes open cursors first.
 */
public final class RocksCdrStore implements CdrStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksCdrStore.class);
  static final String META = "meta";
  /** The column family that held wrapped data keys before the key database existed. */
  static final String KEYS = "keys";
  private static final int MIGRATION_BATCH = 1000;
  static final String AUDIT = "audit";
  static final String LEGAL = "legal";
  static final String CONSENT = "consent";
  static final String LIFECYCLE = "lifecycle";
  static final int SCHEMA_VERSION = 1;
  private static final String POSITION = "record key";

  private final StoreSettings settings;
  private final Clock clock;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions baseCfOptions;
  private final ColumnFamilyOptions recordCfOptions;
  /** Index families: keys are keyed pseudonyms and ids, values empty: nothing to compress. */
  private final ColumnFamilyOptions indexCfOptions;
  private final BloomFilter recordBloom;
  private final RocksDB db;
  /** Every handle in opening order (closed in reverse); month handles are appended as created. */
  private final List<ColumnFamilyHandle> allHandles;
  private final ColumnFamilyHandle meta;
  private final KeyDatabase keyDatabase;
  private final RocksLegalRegistry legalRegistry;
  private final RocksConsentRegistry consentRegistry;
  private final ConcurrentSkipListMap<Integer, ColumnFamilyHandle> months;
  private final ConcurrentSkipListMap<Integer, ColumnFamilyHandle> indexMonths;
  private final WriteOptions writeOptions;
  private final WriteOptions syncOptions;
  private final RocksAuditLedger ledger;
  private final HmacCustomerTagger tagger;
  /** Data keys; {@code destroy} also drops destroyed keys from its cache. */
  private final DataKeyManager dataKeys;
  private final Keyring keyring;
  private final RocksLifecycle lifecycleCf;
  /** Dropped month handles, closed once no cursor may still use them. */
  private final List<ColumnFamilyHandle> droppedHandles = new ArrayList<>();
  private final Counter recordsErased;
  private volatile io.cdrvault.store.lifecycle.RetentionPolicy retentionPolicy =
      io.cdrvault.store.lifecycle.RetentionPolicy.defaults();
  private final Timer batchWrite;
  private final Counter recordsWritten;
  private final Counter recordsDuplicate;
  private final FileStore fileStore;
  /** Set by {@link #open} right after construction; closed after the database. */
  private org.rocksdb.SstFileManager sstFiles;
  private final WriteProbe writeProbe;
  /** Opens long reads' records ahead of the reader ({@link OpenAhead}); daemon threads. */
  private final java.util.concurrent.ExecutorService openPool = OpenAhead.newPool();
  private volatile long minFreeDiskBytes;
  private final Counter recordsRead;
  private final Set<StoreCursor> openCursors = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksCdrStore(StoreSettings settings, Keyring keyring, MeterRegistry registry, Clock clock,
      DBOptions dbOptions, ColumnFamilyOptions base, ColumnFamilyOptions record,
      ColumnFamilyOptions index, BloomFilter bloom, RocksDB db,
      List<ColumnFamilyHandle> handles, List<String> names, KeyDatabase keyDatabase)
      throws RocksDBException {
    this.settings = settings;
    this.clock = clock;
    this.dbOptions = dbOptions;
    this.baseCfOptions = base;
    this.recordCfOptions = record;
    this.indexCfOptions = index;
    this.recordBloom = bloom;
    this.db = db;
    this.allHandles = Collections.synchronizedList(new ArrayList<>(handles));
    this.months = new ConcurrentSkipListMap<>();
    this.indexMonths = new ConcurrentSkipListMap<>();
    ColumnFamilyHandle m = null;
    ColumnFamilyHandle a = null;
    ColumnFamilyHandle l = null;
    ColumnFamilyHandle c = null;
    ColumnFamilyHandle lc = null;
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      switch (n) {
        case META -> m = handles.get(i);
        case AUDIT -> a = handles.get(i);
        case LEGAL -> l = handles.get(i);
        case CONSENT -> c = handles.get(i);
        case LIFECYCLE -> lc = handles.get(i);
        default -> {
          Integer month = parseMonthCf(n);
          Integer indexMonth = StorageKeys.parseMonth(n, StorageKeys.INDEX_CF_PREFIX);
          if (month != null) {
            months.put(month, handles.get(i));
          } else if (indexMonth != null) {
            indexMonths.put(indexMonth, handles.get(i));
          }
        }
      }
    }
    this.meta = Objects.requireNonNull(m);
    this.keyDatabase = Objects.requireNonNull(keyDatabase);
    this.writeOptions = new WriteOptions().setSync(settings.syncWrites());
    this.syncOptions = new WriteOptions().setSync(true);
    checkSchemaVersion();
    this.ledger = RocksAuditLedger.open(db, Objects.requireNonNull(a), meta);
    ledger.keepAnchorIn(io.cdrvault.store.audit.HeadAnchor.in(settings.dataDir()));
    io.cdrvault.store.audit.DisclosureIndex.catchUp(ledger);
    this.tagger = HmacCustomerTagger.create(keyring);
    this.keyring = keyring;
    this.dataKeys = DataKeyManager.create(keyring, keyDatabase, settings.dekCacheSize());
    RocksLegalRegistry.Guard guard = new RocksLegalRegistry.Guard() {
      @Override
      public <T> T run(java.util.function.Supplier<T> action) {
        return underReadLock(action);
      }
    };
    this.legalRegistry = new RocksLegalRegistry(db, Objects.requireNonNull(l), syncOptions, keyring,
        guard);
    this.consentRegistry = new RocksConsentRegistry(db, Objects.requireNonNull(c), syncOptions,
        keyring, tagger, guard);
    this.lifecycleCf = new RocksLifecycle(db, Objects.requireNonNull(lc), syncOptions, keyring,
        guard, ledger);
    this.recordsErased = Counter.builder("cdr.store.records.erased")
        .description("Records not stored because their customer was erased").register(registry);
    this.batchWrite = Timer.builder("cdr.store.batch.write")
        .description("Time to seal and atomically write one ingest batch").register(registry);
    this.recordsWritten = Counter.builder("cdr.store.records.written")
        .description("Records sealed and written").register(registry);
    this.recordsDuplicate = Counter.builder("cdr.store.records.duplicate")
        .description("Records not written because their storage key already existed (resends)")
        .register(registry);
    this.minFreeDiskBytes = settings.minFreeDiskBytes();
    try {
      this.fileStore = Files.getFileStore(settings.rocksDir());
    } catch (IOException e) {
      throw new CdrVaultException("the store directory's file system cannot be read", e);
    }
    this.writeProbe = new WriteProbe(db, meta, syncOptions, fileStore, () -> minFreeDiskBytes);
    this.recordsRead = Counter.builder("cdr.store.records.read")
        .description("Records decrypted for a grant").register(registry);
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
    Path dir = settings.rocksDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CdrVaultException("store directory " + dir + " could not be created", e);
    }
    RocksDB.loadLibrary();
    List<String> names = new ArrayList<>(List.of(
        new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8), META, AUDIT, LEGAL,
        CONSENT, LIFECYCLE));
    boolean existing = Files.exists(dir.resolve("CURRENT"));
    if (existing) {
      try (Options o = new Options()) {
        for (byte[] n : RocksDB.listColumnFamilies(o, dir.toString())) {
          String s = new String(n, StandardCharsets.UTF_8);
          if (!names.contains(s)) {
            names.add(s);
          }
        }
      } catch (RocksDBException e) {
        throw RocksErrors.translate("listing the store's column families", e);
      }
    }
    boolean oldKeysFamily = names.contains(KEYS);
    Path keyDir = settings.keyDbDir();
    if (existing && !oldKeysFamily && !KeyDatabase.exists(keyDir)) {
      throw new CdrVaultException("the store at " + dir + " has no key database beside it (expected at "
          + keyDir + "): put the live key database there (move it, or restore a key backup with "
          + "'cdrvault restore --keys') before opening; without it no record can be read");
    }
    // a small MANIFEST rolls over at the next change, so after a purge none keeps the boundary keys
    // of the deleted files (see compactForPurge)
    // the SstFileManager lets RocksDB recover by itself from a full disk once space returns
    // (ErrorHandler::RecoverFromNoSpace); WriteProbe tells readiness whether writes work again
    org.rocksdb.WALRecoveryMode walMode = CleanStop.recoveryModeFor(settings.dataDir());
    if (existing && walMode != org.rocksdb.WALRecoveryMode.AbsoluteConsistency) {
      LOG.warn("the store was not stopped cleanly: recovering its write-ahead log ({}; a torn last"
          + " record is dropped, any other damage refuses the open)", walMode);
    }
    org.rocksdb.SstFileManager sfm;
    try {
      sfm = new org.rocksdb.SstFileManager(org.rocksdb.Env.getDefault());
    } catch (RocksDBException e) {
      throw RocksErrors.translate("creating the SST file manager", e);
    }
    DBOptions dbo = StorageKeys.purgeFriendlyDbOptions().setCreateIfMissing(true)
        .setSstFileManager(sfm)
        .setCreateMissingColumnFamilies(true)
        .setKeepLogFileNum(5)
        // a damaged write-ahead log fails the open instead of silently dropping its tail (and
        // audit entries with it); only a torn last record after a crash is dropped (CleanStop,
        // docs/adr/0014-ledger-durability-and-readiness.md)
        .setWalRecoveryMode(walMode);
    ColumnFamilyOptions base = new ColumnFamilyOptions();
    BloomFilter bloom = new BloomFilter(10, false);
    ColumnFamilyOptions record = ColumnFamilyTuning.records(bloom);
    ColumnFamilyOptions index = ColumnFamilyTuning.index();
    List<ColumnFamilyDescriptor> ds = new ArrayList<>();
    for (String n : names) {
      ds.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.UTF_8),
          parseMonthCf(n) != null ? record
              : StorageKeys.parseMonth(n, StorageKeys.INDEX_CF_PREFIX) != null ? index : base));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    KeyDatabase keyDb = null;
    try {
      db = RocksDB.open(dbo, dir.toString(), ds, handles);
      CleanStop.clear(settings.dataDir()); // written again only by a clean stop
      keyDb = KeyDatabase.open(keyDir);
      migrateKeys(db, names, handles, keyDb);
      RocksCdrStore s = new RocksCdrStore(settings, keyring, registry, clock, dbo, base, record, index, bloom, db,
          handles, names, keyDb);
      s.sstFiles = sfm;
      LOG.info("opened store at {} with {} month column families", dir, s.months.size());
      return s;
    } catch (RocksDBException | RuntimeException e) {
      for (int i = handles.size() - 1; i >= 0; i--) {
        handles.get(i).close();
      }
      if (db != null) {
        db.close();
      }
      if (keyDb != null) {
        keyDb.close();
      }
      record.close();
      index.close();
      bloom.close();
      base.close();
      dbo.close();
      sfm.close();
      if (e instanceof RocksDBException re) {
        throw openFailure("the store at " + dir, re, dir);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Moves wrapped data keys from the data database's old {@code keys} column family (if it is
   * there) into the key database, then drops the column family. Crash-safe and idempotent: keys are
   * copied with synced writes, then the key database is marked migrated, then the column family is
   * dropped; once the mark is set, a {@code keys} family that shows up again (a crash before the drop,
   * or a data backup from before the key database restored over the store) is dropped without
   * copying, so data keys destroyed since never come back.
   */
  private static void migrateKeys(RocksDB db, List<String> names, List<ColumnFamilyHandle> handles,
      KeyDatabase keyDb) throws RocksDBException {
    int i = names.indexOf(KEYS);
    boolean migrated = keyDb.migrated();
    if (i < 0) {
      if (!migrated) {
        keyDb.markMigrated();
      }
      return;
    }
    ColumnFamilyHandle keys = handles.get(i);
    long copied = 0;
    long ignored = 0;
    try (RocksIterator it = db.newIterator(keys)) {
      Map<byte[], byte[]> batch = new java.util.LinkedHashMap<>();
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (migrated) {
          ignored++;
          continue;
        }
        batch.put(it.key(), it.value());
        if (batch.size() == MIGRATION_BATCH) {
          keyDb.putAll(batch);
          copied += batch.size();
          batch.clear();
        }
      }
      it.status();
      if (!batch.isEmpty()) {
        keyDb.putAll(batch);
        copied += batch.size();
      }
    }
    if (!migrated) {
      keyDb.markMigrated();
      LOG.info("moved {} wrapped data keys from the data database into the key database {}", copied,
          keyDb.dir());
    } else if (ignored > 0) {
      LOG.warn("dropped a stale 'keys' column family holding {} wrapped data keys (restored from a "
          + "backup older than the key database?); the key database at {} stays authoritative, so "
          + "keys destroyed since stay destroyed", ignored, keyDb.dir());
    }
    db.dropColumnFamily(keys);
    keys.close();
    handles.remove(i);
    names.remove(i);
  }

  /**
   * The exception for a database that could not be opened: a clear message when another process
   * (a running node) holds its lock, else the translated status.
   */
  static CdrVaultException openFailure(String what, RocksDBException e) {
    return openFailure(what, e, null);
  }

  /** As {@link #openFailure(String, RocksDBException)}, naming {@code dir}'s logs for a damaged one. */
  static CdrVaultException openFailure(String what, RocksDBException e, Path dir) {
    String state = e.getStatus() == null ? null : e.getStatus().getState();
    String msg = e.getMessage();
    if ((state != null && state.contains("LOCK")) || (msg != null && msg.contains("/LOCK"))) {
      return new CdrVaultException(what + " is in use by another process (a running node holds its "
          + "lock); stop the node first", e);
    }
    if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("(\\d{6,}\\.(?:sst|log)|MANIFEST-\\d+)").matcher(String.valueOf(e.getMessage()));
      String file = m.find() ? " (" + m.group(1) + ")" : dir == null ? "" : writeAheadLogs(dir);
      return new CdrVaultException(what + " is damaged: RocksDB reports Corruption" + file
          + " and a damaged write-ahead log is not silently cut short (ADR 0014);"
          + " refusing to open it. Run 'cdrvault audit verify' to see which audit entries are"
          + " affected (docs/audit.md, 'Damage and recovery')", e);
    }
    return RocksErrors.translate("opening " + what, e);
  }

  /** {@code " (write-ahead logs 000012.log, ...)"}, or empty when none can be listed. */
  private static String writeAheadLogs(Path dir) {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      List<String> logs = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
          .sorted().toList();
      return logs.isEmpty() ? "" : " in write-ahead log" + (logs.size() > 1 ? "s " : " ")
          + String.join(", ", logs);
    } catch (IOException io) {
      return "";
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
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      checkFreeSpace();
      Timer.Sample sample = Timer.start();
      List<CustomerCdr> records = withoutErased(batch.records());
      Pending[] pending = new Pending[records.size()];
      Map<CustomerId, byte[]> tags = new HashMap<>();
      for (int i = 0; i < pending.length; i++) {
        CustomerCdr r = records.get(i);
        long millis;
        try {
          millis = r.cdr().start().toEpochMilli();
        } catch (ArithmeticException e) {
          millis = -1;
        }
        if (millis < 0) {
          throw new CdrVaultException("record " + i + " of the batch has a start time outside "
              + "1970..; nothing was written");
        }
        byte[] tag = tags.computeIfAbsent(r.customer(), tagger::tag);
        int month = StorageKeys.monthOf(r.cdr().start());
        pending[i] = new Pending(StorageKeys.recordKey(tag, millis, r.cdr().id().value()),
            DekId.of(tag, month), r);
      }
      // one customer's records together (and equal keys adjacent, for the duplicate check)
      Arrays.sort(pending, (x, y) -> Arrays.compareUnsigned(x.key, y.key));
      boolean[] duplicate = new boolean[pending.length];
      int duplicates = markDuplicates(pending, duplicate);
      Set<DekId> needed = new HashSet<>();
      for (int i = 0; i < pending.length; i++) {
        if (!duplicate[i]) {
          needed.add(pending[i].dek);
        }
      }
      Map<DekId, DataKey> dataKeysNeeded = needed.isEmpty() ? Map.of() : dataKeys.forWrite(needed);
      IndexEntries index = new IndexEntries(tagger, pending.length);
      try (WriteBatch wb = new WriteBatch()) {
        for (int i = 0; i < pending.length; i++) {
          if (duplicate[i]) {
            continue;
          }
          Pending p = pending[i];
          RecordCodec.Encoded enc = RecordCodec.encode(p.record);
          byte[] sealed = RecordSealer.seal(dataKeysNeeded.get(p.dek), p.key, enc.buffer(), 0,
              enc.length());
          wb.put(monthFamily(p.dek.month()), p.key, sealed);
          index.add(indexFamily(p.dek.month()), p.key, p.record.cdr());
        }
        index.writeTo(wb);
        for (Map.Entry<SourcePartition, Long> e : batch.nextOffsets().entrySet()) {
          wb.put(meta, StorageKeys.offsetKey(e.getKey().topic(), e.getKey().partition()),
              ByteBuffer.allocate(8).putLong(e.getValue()).array());
        }
        db.write(writeOptions, wb);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("writing a batch of " + pending.length + " records", e);
      }
      sample.stop(batchWrite);
      int written = pending.length - duplicates;
      recordsWritten.increment(written);
      recordsDuplicate.increment(duplicates);
      return new WriteResult(written, duplicates);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Marks records whose key appeared earlier in the (sorted) batch or already exists in the store.
   * The month families' bloom filters answer most absent keys without I/O ({@code keyMayExist});
   * the rest are read in one {@code multiGet}.
   */
  private int markDuplicates(Pending[] pending, boolean[] duplicate) {
    int n = 0;
    List<ColumnFamilyHandle> cfs = new ArrayList<>();
    List<byte[]> candidates = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < pending.length; i++) {
      if (i > 0 && Arrays.equals(pending[i].key, pending[i - 1].key)) {
        duplicate[i] = true;
        n++;
        continue;
      }
      ColumnFamilyHandle cf = months.get(pending[i].dek.month());
      if (cf != null && db.keyMayExist(cf, pending[i].key, null)) {
        cfs.add(cf);
        candidates.add(pending[i].key);
        positions.add(i);
      }
    }
    if (!candidates.isEmpty()) {
      List<byte[]> found;
      try {
        found = db.multiGetAsList(cfs, candidates);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("checking " + candidates.size() + " record keys for resends", e);
      }
      for (int j = 0; j < found.size(); j++) {
        if (found.get(j) != null) {
          duplicate[positions.get(j)] = true;
          n++;
        }
      }
    }
    return n;
  }

  /** Fails as retriable (disk full), writing nothing, when usable space is below the minimum. */
  private void checkFreeSpace() {
    long min = minFreeDiskBytes;
    if (min <= 0) {
      return;
    }
    long usable;
    try {
      usable = fileStore.getUsableSpace();
    } catch (IOException e) {
      throw new RetriableException(RetriableException.Kind.IO,
          "reading the usable space of the store's file system failed", e);
    }
    if (usable < min) {
      throw new RetriableException(RetriableException.Kind.DISK_FULL, "the store's file system has "
          + usable + " bytes usable, below the minimum of " + min + "; nothing was written", null);
    }
  }

  /**
   * Changes the minimum usable disk space checked before each record batch (0 = no check), on the
   * open store. An operator hook (e.g. to let ingest continue on a nearly full disk while space is
   * being added) and a test hook (to make the real check trip); the configured value is
   * {@link StoreSettings#minFreeDiskBytes()}. Thread-safe; applies to the next write.
   */
  public void setMinFreeDiskBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("minFreeDiskBytes must be >= 0");
    }
    this.minFreeDiskBytes = bytes;
  }

  /** The minimum usable disk space currently checked before each record batch. */
  public long minFreeDiskBytes() {
    return minFreeDiskBytes;
  }

  private record Pending(byte[] key, DekId dek, CustomerCdr record) {}

  private ColumnFamilyHandle indexFamily(int month) throws RocksDBException {
    return family(indexMonths, month, StorageKeys.indexColumnFamily(month), indexCfOptions);
  }

  private ColumnFamilyHandle monthFamily(int month) throws RocksDBException {
    ColumnFamilyHandle h = months.get(month);
    if (h != null) {
      return h;
    }
    h = family(months, month, StorageKeys.monthColumnFamily(month), recordCfOptions);
    // a month created by this version indexes every record it stores
    db.put(meta, syncOptions, indexedKey(month), new byte[] {1});
    return h;
  }

  private static byte[] indexedKey(int month) {
    return ("index/v1/" + month).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The months whose records are not all in the number / prefix index: months written before the
   * index existed (a store upgraded from an earlier version). {@link #rebuildIndex} fills them in.
   */
  public List<Integer> indexBacklog() {
    return underReadLock(() -> {
      List<Integer> out = new ArrayList<>();
      for (Integer month : months.keySet()) {
        try {
          if (db.get(meta, indexedKey(month)) == null) {
            out.add(month);
          }
        } catch (RocksDBException e) {
          throw RocksErrors.translate("reading the index markers", e);
        }
      }
      return out;
    });
  }

  /**
   * Indexes every readable record of a month (idempotent: an entry already there is written again
   * unchanged), in batches of 1,000, then marks the month as indexed. Records whose data key is gone
   * (erased, expired) are skipped. Runs beside ingest; returns the number of records indexed.
   */
  public long rebuildIndex(int month) {
    ColumnFamilyHandle cf = underReadLock(() -> months.get(month));
    if (cf == null) {
      return 0;
    }
    long n = 0;
    byte[] after = null;
    while (true) {
      byte[] from = after;
      long[] done = new long[1];
      byte[] last = underReadLock(() -> indexSome(cf, month, from, 1000, done));
      n += done[0];
      if (last == null) {
        break;
      }
      after = last;
    }
    underReadLock(() -> {
      try {
        db.put(meta, syncOptions, indexedKey(month), new byte[] {1});
      } catch (RocksDBException e) {
        throw RocksErrors.translate("marking a month as indexed", e);
      }
      return null;
    });
    LOG.info("index of month {} rebuilt: {} records", month, n);
    return n;
  }

  /** Indexes up to {@code limit} records after {@code after}; returns the last key, null at the end. */
  private byte[] indexSome(ColumnFamilyHandle cf, int month, byte[] after, int limit, long[] done) {
    ensureOpen();
    IndexEntries index = new IndexEntries(tagger, Math.min(limit, 10_000));
    byte[] last = null;
    int seen = 0;
    try (RocksIterator it = db.newIterator(cf); WriteBatch wb = new WriteBatch()) {
      if (after == null) {
        it.seekToFirst();
      } else {
        it.seek(after);
        if (it.isValid() && Arrays.equals(it.key(), after)) {
          it.next();
        }
      }
      ColumnFamilyHandle idx = indexFamily(month);
      for (; it.isValid() && seen < limit; it.next()) {
        byte[] k = it.key();
        last = k;
        seen++;
        DekId dek = DekId.of(Arrays.copyOf(k, 16), month);
        Optional<DataKey> key = dataKeys.forRead(dek);
        if (key.isEmpty()) {
          continue;
        }
        CustomerCdr r = openRecord(key.get(), month, k, it.value());
        index.add(idx, k, r.cdr());
        done[0]++;
      }
      it.status();
      index.writeTo(wb);
      db.write(writeOptions, wb);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("rebuilding the index of month " + month, e);
    }
    return seen < limit ? null : last;
  }

  /** The month's column family in {@code byMonth}, created on first use. */
  private ColumnFamilyHandle family(ConcurrentSkipListMap<Integer, ColumnFamilyHandle> byMonth,
      int month, String name, ColumnFamilyOptions options) throws RocksDBException {
    ColumnFamilyHandle h = byMonth.get(month);
    if (h != null) {
      return h;
    }
    synchronized (months) {
      h = byMonth.get(month);
      if (h == null) {
        h = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
            options));
        allHandles.add(h);
        byMonth.put(month, h);
        LOG.info("created column family {}", name);
      }
      return h;
    }
  }

  @Override
  public Map<SourcePartition, Long> storedOffsets() {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      Map<SourcePartition, Long> out = new HashMap<>();
      byte[] prefix = StorageKeys.OFFSET_PREFIX.getBytes(StandardCharsets.UTF_8);
      try (RocksIterator it = db.newIterator(meta)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          String k = new String(it.key(), StandardCharsets.UTF_8);
          if (!k.startsWith(StorageKeys.OFFSET_PREFIX)) {
            break;
          }
          int slash = k.lastIndexOf('/');
          String topic = k.substring(StorageKeys.OFFSET_PREFIX.length(), slash);
          int partition = Integer.parseInt(k.substring(slash + 1));
          out.put(new SourcePartition(topic, partition), ByteBuffer.wrap(it.value()).getLong());
        }
        it.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("reading stored offsets", e);
      }
      return Map.copyOf(out);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public RecordCursor records(AccessGrant grant) {
    Objects.requireNonNull(grant, "grant");
    AccessScope.Target t = grant.scope().target();
    return open(() -> {
      if (t instanceof AccessScope.Party n) {
        return MergeCursor.overIndex(this, grant, List.of(tagger.numberTag(n.e164())));
      }
      if (t instanceof AccessScope.Prefix x) {
        return MergeCursor.overIndex(this, grant, prefixTags(x.prefix()));
      }
      if (t instanceof AccessScope.AllCustomers) {
        return MergeCursor.overAll(this, grant, null);
      }
      if (t instanceof AccessScope.LegalTargets lt) {
        List<java.util.function.Supplier<StoreCursor>> parts = new ArrayList<>();
        for (io.cdrvault.store.legal.LegalTarget target : lt.targets()) {
          if (target.kind() == io.cdrvault.store.legal.LegalTarget.Kind.CUSTOMER) {
            // an erased target has nothing left to disclose: it contributes no records
            parts.add(() -> {
              try {
                return new Cursor(grant, target.customerId());
              } catch (io.cdrvault.store.lifecycle.CustomerErasedException erased) {
                return new StoreCursor(this) {
                  @Override
                  CustomerCdr advance() {
                    return null;
                  }

                  @Override
                  void release() {
                    // nothing opened
                  }
                };
              }
            });
          } else {
            parts.add(() -> MergeCursor.overIndex(this, grant, List.of(tagger.numberTag(target.value()))));
          }
        }
        return new ConcatCursor(this, parts);
      }
      return new Cursor(grant, grant.scope().customer());
    });
  }

  @Override
  public RecordCursor records(AccessGrant grant, String afterCustomerTagHex) {
    Objects.requireNonNull(grant, "grant");
    if (!(grant.scope().target() instanceof AccessScope.AllCustomers)) {
      throw new IllegalArgumentException("a resume point applies to all-customers scopes only");
    }
    byte[] after = null;
    if (afterCustomerTagHex != null) {
      if (!afterCustomerTagHex.matches("[0-9a-f]{32}")) {
        throw new IllegalArgumentException("a resume point is a customer tag: 32 lowercase hex digits");
      }
      after = java.util.HexFormat.of().parseHex(afterCustomerTagHex);
    }
    byte[] a = after;
    return open(() -> MergeCursor.overAll(this, grant, a));
  }

  private RecordCursor open(java.util.function.Supplier<StoreCursor> factory) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      StoreCursor c = factory.get();
      openCursors.add(c);
      return c;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * The index tags a destination prefix is found under: the prefix's own when it is at least the
   * indexed length, else every indexed prefix it begins (10 or 100 of them), which the cursor
   * merges in time order.
   */
  private List<byte[]> prefixTags(String prefix) {
    int len = CustomerTagger.PREFIX_INDEX_LENGTH;
    if (prefix.length() >= len) {
      return List.of(tagger.prefixTag(prefix.substring(0, len)));
    }
    List<String> all = List.of(prefix);
    while (all.get(0).length() < len) {
      List<String> next = new ArrayList<>(all.size() * 10);
      for (String p : all) {
        for (char d = '0'; d <= '9'; d++) {
          next.add(p + d);
        }
      }
      all = next;
    }
    List<byte[]> tags = new ArrayList<>(all.size());
    for (String p : all) {
      tags.add(tagger.prefixTag(p));
    }
    return tags;
  }

  // --- for the cursors (package-private) ---

  RocksDB db() {
    return db;
  }

  /** The pool cursors open records ahead on ({@link OpenAhead}). */
  java.util.concurrent.Executor openPool() {
    return openPool;
  }

  <T> T underReadLock(java.util.function.Supplier<T> action) {
    return locked(lifecycle.readLock(), action);
  }

  /** Runs {@code action} holding {@code lock}, on an open store. */
  private <T> T locked(java.util.concurrent.locks.Lock lock, java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      ensureOpen();
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  void countRead() {
    recordsRead.increment();
  }

  void forget(StoreCursor c) {
    openCursors.remove(c);
    if (openCursors.isEmpty() && lifecycle.writeLock().tryLock()) {
      try {
        closeDroppedIfIdle();
      } finally {
        lifecycle.writeLock().unlock();
      }
    }
  }

  /** The month column families overlapping the scope's window. */
  java.util.NavigableMap<Integer, ColumnFamilyHandle> monthFamilies(AccessScope scope) {
    return new java.util.TreeMap<>(months.subMap(firstMonth(scope), true, lastMonth(scope), true));
  }

  /** The month index column families overlapping the scope's window. */
  java.util.NavigableMap<Integer, ColumnFamilyHandle> indexFamilies(AccessScope scope) {
    return new java.util.TreeMap<>(indexMonths.subMap(firstMonth(scope), true, lastMonth(scope), true));
  }

  private static int firstMonth(AccessScope scope) {
    return StorageKeys.monthOf(scope.from().isBefore(java.time.Instant.EPOCH)
        ? java.time.Instant.EPOCH : scope.from());
  }

  private static int lastMonth(AccessScope scope) {
    return StorageKeys.monthOf(scope.to().minusNanos(1));
  }

  /** The sealed value of a record, or null if it is not there. */
  byte[] getRecord(int month, byte[] recordKey) {
    ColumnFamilyHandle cf = months.get(month);
    if (cf == null) {
      return null;
    }
    try {
      return db.get(cf, recordKey);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading an indexed record", e);
    }
  }

  /** The records at {@code recordKeys} of a month (null where there is none), in one multi-get. */
  List<byte[]> getRecords(int month, List<byte[]> recordKeys) {
    ColumnFamilyHandle cf = months.get(month);
    if (cf == null) {
      return java.util.Collections.nCopies(recordKeys.size(), null);
    }
    try {
      return db.multiGetAsList(java.util.Collections.nCopies(recordKeys.size(), cf), recordKeys);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading indexed records", e);
    }
  }

  Optional<DataKey> dataKeyForRead(DekId id) {
    return dataKeys.forRead(id);
  }

  /** Decrypts and decodes a record. */
  CustomerCdr openRecord(DataKey key, int month, byte[] recordKey, byte[] sealed) {
    byte[] plain = RecordSealer.open(key, recordKey, sealed, StorageKeys.monthColumnFamily(month), POSITION);
    try {
      return RecordCodec.decode(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The store's data-key manager: destroy keys (crypto-shredding), list them, rewrap them. Its
   * calls fail once the store is closed.
   */
  public DataKeyManager dataKeyManager() {
    return dataKeys;
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
   * The legal requests in a database opened elsewhere (read-only, by offline reports such as
   * {@code audit report}): lookups only; {@code writeOptions} stays the caller's to close.
   */
  public static LegalRegistry legalRegistryOver(RocksDB db, ColumnFamilyHandle legal,
      WriteOptions writeOptions, Keyring keyring) {
    return new RocksLegalRegistry(db, legal, writeOptions, keyring, new RocksLegalRegistry.Guard() {
      @Override
      public <T> T run(java.util.function.Supplier<T> action) {
        return action.get();
      }
    });
  }

  /**
   * Customers' CPNI marketing approval, kept (sealed, append-only) in this store's {@code consent}
   * column family. Its calls fail once the store is closed.
   */
  @Override
  public ConsentRegistry consentRegistry() {
    return consentRegistry;
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
    lifecycle.readLock().lock();
    try {
      if (closed) {
        return WriteProbe.Health.closed();
      }
      return writeProbe.check();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Flushes every memtable to SST files and compacts every column family (maintenance; also used
   * by tests that inspect the files on disk).
   */
  public void flushAndCompact() {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      List<ColumnFamilyHandle> hs;
      synchronized (allHandles) {
        hs = new ArrayList<>(allHandles);
      }
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, hs);
        for (ColumnFamilyHandle h : hs) {
          db.compactRange(h);
        }
      }
    } catch (RocksDBException e) {
      throw RocksErrors.translate("flush and compaction", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (StoreCursor c : List.copyOf(openCursors)) {
        c.storeClosed = true;
        c.close();
      }
      openPool.shutdownNow();
      ledger.close();
      syncOptions.close();
      writeOptions.close();
      List<ColumnFamilyHandle> hs;
      synchronized (allHandles) {
        hs = new ArrayList<>(allHandles);
      }
      boolean flushed = flushAtStop(hs);
      for (int i = hs.size() - 1; i >= 0; i--) {
        hs.get(i).close();
      }
      synchronized (droppedHandles) {
        droppedHandles.forEach(ColumnFamilyHandle::close);
        droppedHandles.clear();
      }
      db.close();
      if (flushed && !CleanStop.mark(settings.dataDir())) {
        LOG.warn("the clean-stop marker could not be written; the next open tolerates a torn log tail");
      }
      keyDatabase.close();
      recordCfOptions.close();
      indexCfOptions.close();
      recordBloom.close();
      baseCfOptions.close();
      dbOptions.close();
      if (sstFiles != null) {
        sstFiles.close();
      }
      LOG.info("closed store at {}", settings.rocksDir());
    } finally {
      lifecycle.writeLock().unlock();
    }
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

  private void ensureOpen() {
    if (closed) {
      throw new CdrVaultException("store is closed");
    }
  }

  static Integer parseMonthCf(String name) {
    if (!name.startsWith(StorageKeys.MONTH_CF_PREFIX)
        || name.length() != StorageKeys.MONTH_CF_PREFIX.length() + 6) {
      return null;
    }
    try {
      return Integer.parseInt(name.substring(StorageKeys.MONTH_CF_PREFIX.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // --- lifecycle: retention, legal holds, erasure (see docs/retention-and-erasure.md) ---

  /** The legal holds kept (sealed) in this store's {@code lifecycle} column family. */
  @Override
  public io.cdrvault.store.lifecycle.HoldRegistry holdRegistry() {
    return lifecycleCf;
  }

  /** Sets the retention policy that erasure checks statutory minimums against (default: US). */
  public void useRetentionPolicy(io.cdrvault.store.lifecycle.RetentionPolicy policy) {
    this.retentionPolicy = Objects.requireNonNull(policy, "policy");
  }

  /** The retention policy in use (see {@link #useRetentionPolicy}). */
  public io.cdrvault.store.lifecycle.RetentionPolicy retentionPolicy() {
    return retentionPolicy;
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
  public io.cdrvault.store.lifecycle.ErasureResult erase(CustomerId customer, String principal,
      java.time.Instant now) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    return new RocksErasure(this).erase(customer, principal, now);
  }

  RocksLifecycle lifecycle() {
    return lifecycleCf;
  }

  HmacCustomerTagger tagger() {
    return tagger;
  }

  private List<CustomerCdr> withoutErased(List<CustomerCdr> records) {
    if (!lifecycleCf.anyErased()) {
      return records;
    }
    List<CustomerCdr> out = new ArrayList<>(records.size());
    Map<CustomerId, Boolean> erased = new HashMap<>();
    for (CustomerCdr r : records) {
      if (!erased.computeIfAbsent(r.customer(), c -> lifecycleCf.erasedAt(tagger.tag(c)).isPresent())) {
        out.add(r);
      }
    }
    recordsErased.increment(records.size() - out.size());
    return out;
  }

  <T> T underWriteLock(java.util.function.Supplier<T> action) {
    return locked(lifecycle.writeLock(), action);
  }

  /** The months that have a record or an index column family. */
  java.util.NavigableSet<Integer> storedMonths() {
    java.util.TreeSet<Integer> out = new java.util.TreeSet<>(months.keySet());
    out.addAll(indexMonths.keySet());
    return out;
  }

  /** The record column family of a month, or null. */
  ColumnFamilyHandle monthHandle(int month) {
    return months.get(month);
  }

  /** The index column family of a month, or null. */
  ColumnFamilyHandle indexHandle(int month) {
    return indexMonths.get(month);
  }

  /**
   * The ids of the stored data keys that {@code filter} accepts (a scan of the wrapped keys;
   * {@code tagPrefix} non-null restricts it to one customer).
   */
  List<DekId> dataKeyIds(byte[] tagPrefix, java.util.function.Predicate<DekId> filter) {
    List<DekId> out = new ArrayList<>();
    dataKeys.forEachWrapped((id, version) -> {
      if ((tagPrefix == null || Arrays.equals(id.tag(), 0, 16, tagPrefix, 0, 16)) && filter.test(id)) {
        out.add(id);
      }
    });
    return out;
  }

  /**
   * Destroys data keys: deletes their wrapped form (synced), drops every cached unwrapped key, then
   * flushes and compacts so the wrapped bytes leave the files. Records under them can never be
   * decrypted again. Takes the store's write lock.
   */
  void destroyDataKeys(java.util.Collection<DekId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    underWriteLock(() -> {
      dataKeys.destroy(ids);
      keyDatabase.compact();
      return null;
    });
  }

  /**
   * Drops a month's record and index column families (their files are deleted once no cursor can
   * use the handles). Takes the store's write lock.
   */
  void dropMonth(int month) {
    underWriteLock(() -> {
      try {
        for (ColumnFamilyHandle h : new ColumnFamilyHandle[] {months.remove(month), indexMonths.remove(month)}) {
          if (h != null) {
            db.dropColumnFamily(h);
            allHandles.remove(h);
            synchronized (droppedHandles) {
              droppedHandles.add(h);
            }
          }
        }
      } catch (RocksDBException e) {
        throw RocksErrors.translate("dropping the column families of month " + month, e);
      }
      closeDroppedIfIdle();
      LOG.info("dropped the column families of month {}", month);
      return null;
    });
  }

  /** Closes dropped handles when no cursor is open; caller holds the write lock. */
  private void closeDroppedIfIdle() {
    if (!openCursors.isEmpty()) {
      return;
    }
    synchronized (droppedHandles) {
      droppedHandles.forEach(ColumnFamilyHandle::close);
      droppedHandles.clear();
    }
  }

  /**
   * Flushes every column family (so write-ahead log files holding deleted data become obsolete and
   * are removed) and compacts {@code handles} down to the bottommost level, which drops deleted
   * entries and range tombstones from the files.
   */
  void compactForPurge(java.util.Collection<ColumnFamilyHandle> handles) {
    List<ColumnFamilyHandle> hs;
    synchronized (allHandles) {
      hs = new ArrayList<>(allHandles);
    }
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true);
        org.rocksdb.CompactRangeOptions co = new org.rocksdb.CompactRangeOptions()
            .setBottommostLevelCompaction(
                org.rocksdb.CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      db.flush(fo, hs);
      for (ColumnFamilyHandle h : handles) {
        db.compactRange(h, null, null, co);
      }
      // one more change after the compactions: the (small) MANIFEST rolls over to a snapshot of the
      // live files, so no MANIFEST keeps the purged files' boundary keys
      for (int i = 0; i < 2; i++) { // the second job deletes the MANIFEST the first one retired
        db.put(meta, syncOptions, StorageKeys.PURGE_MARK_KEY,
            ByteBuffer.allocate(12).putLong(clock.millis()).putInt(i).array());
        db.flush(fo, meta);
      }
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("flush and compaction after a purge", e);
    }
  }

  @Override
  public String toString() {
    return "RocksCdrStore[" + settings.rocksDir() + "]";
  }

  /** Walks the month column families overlapping the grant's window, one bounded scan each. */
  private final class Cursor extends StoreCursor {
    private final AccessGrant grant;
    private final byte[] tag;
    private final byte[] lowerKey;
    private final java.util.Iterator<Map.Entry<Integer, ColumnFamilyHandle>> monthIt;
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions readOptions;
    private RocksIterator it;
    private DataKey key;
    private int month;
    private final OpenAhead<CustomerCdr> ahead = new OpenAhead<>(openPool);

    Cursor(AccessGrant grant, io.cdrvault.store.model.CustomerId customer) {
      super(RocksCdrStore.this);
      this.grant = grant;
      this.tag = tagger.tag(customer);
      Optional<java.time.Instant> erasedAt = lifecycleCf.erasedAt(tag);
      if (erasedAt.isPresent()) {
        throw new io.cdrvault.store.lifecycle.CustomerErasedException(erasedAt.get());
      }
      long from = Math.max(0, millisClamped(grant.scope().from()));
      long to = Math.max(0, millisClamped(grant.scope().to()));
      this.lowerKey = StorageKeys.bound(tag, from);
      this.monthIt = monthFamilies(grant.scope()).entrySet().iterator();
      this.lower = new Slice(lowerKey);
      this.upper = new Slice(StorageKeys.bound(tag, to));
      this.readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
    }

    private static long millisClamped(java.time.Instant t) {
      try {
        return t.toEpochMilli();
      } catch (ArithmeticException e) {
        return t.isBefore(java.time.Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }

    @Override
    CustomerCdr advance() {
      while (true) {
        CustomerCdr r = ahead.poll();
        if (r != null) {
          if (!grant.admits(r)) {
            throw new CdrVaultException("a record read at a " + POSITION
                + " of the customer's month families lies outside the grant's scope");
          }
          return r;
        }
        while (ahead.wantsMore() && readChunk()) {
          // keep up to OpenAhead.IN_FLIGHT chunks opening while the first is awaited
        }
        if (!ahead.takeOldest()) {
          return null;
        }
      }
    }

    /** Reads the next chunk of raw records of one month into {@link #ahead}; false at the end. */
    private boolean readChunk() {
      while (true) {
        if (it != null) {
          if (it.isValid()) {
            int n = ahead.chunkSize();
            byte[][] keys = new byte[n][];
            byte[][] values = new byte[n][];
            int c = 0;
            for (; c < n && it.isValid(); c++, it.next()) {
              keys[c] = it.key();
              values[c] = it.value();
            }
            DataKey k = key;
            int m = month;
            ahead.submit(c, i -> openRecord(k, m, keys[i], values[i]));
            return true;
          }
          try {
            it.status();
          } catch (RocksDBException e) {
            throw RocksErrors.translate("scanning column family " + StorageKeys.monthColumnFamily(month), e);
          }
          it.close();
          it = null;
        }
        if (!monthIt.hasNext()) {
          return false;
        }
        Map.Entry<Integer, ColumnFamilyHandle> m = monthIt.next();
        Optional<DataKey> dk = dataKeys.forRead(DekId.of(tag, m.getKey()));
        if (dk.isEmpty()) {
          continue; // no key: never written for this customer and month, or destroyed
        }
        key = dk.get();
        month = m.getKey();
        it = db.newIterator(m.getValue(), readOptions);
        it.seek(lowerKey);
      }
    }

    @Override
    void release() {
      ahead.clear();
      if (it != null) {
        it.close();
        it = null;
      }
      readOptions.close();
      upper.close();
      lower.close();
    }
  }
}
