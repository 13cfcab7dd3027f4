package io.cdrvault.store.rocks;

import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store's database: creates the directory, lists the column families of an existing
 * store, refuses a store without its key database, chooses the write-ahead-log recovery mode from
 * the clean-stop marker and opens every column family with its tuning and the key database. On
 * failure everything opened so far is closed and the error says what to do.
 *
 * <p>Stateless.
 */
final class StoreOpener {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

  private StoreOpener() {}

  /** An opened database, its column-family names (in handle order) and its key database. */
  record Opened(RocksResources resources, List<String> names, KeyDatabase keyDatabase) {}

  /**
   * Opens (creating if missing) the database in {@code settings.rocksDir()} and the key database.
   *
   * @throws CdrVaultException if either cannot be opened
   */
  static Opened open(StoreSettings settings) {
    Path dir = settings.rocksDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CdrVaultException("store directory " + dir + " could not be created", e);
    }
    RocksDB.loadLibrary();
    List<String> names = new ArrayList<>(List.of(
        new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8), RocksCdrStore.META,
        RocksCdrStore.AUDIT, RocksCdrStore.LEGAL, RocksCdrStore.CONSENT, RocksCdrStore.LIFECYCLE,
        RocksCdrStore.COMPLIANCE));
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
    Path keyDir = settings.keyDbDir();
    if (existing && !KeyDatabase.exists(keyDir)) {
      throw new CdrVaultException("the store at " + dir + " has no key database beside it (expected at "
          + keyDir + "): put the live key database there (move it, or restore a key backup with "
          + "'cdrvault restore --keys') before opening; without it no record can be read");
    }
    // a small MANIFEST rolls over at the next change, so after a purge none keeps the boundary keys
    // of the deleted files (see MonthMaintenance.compactForPurge)
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
    BloomFilter bloom = new BloomFilter(10, false);
    RocksResources resources = new RocksResources(dbo, sfm, new ColumnFamilyOptions(),
        ColumnFamilyTuning.records(bloom), ColumnFamilyTuning.index(), bloom);
    List<ColumnFamilyDescriptor> ds = new ArrayList<>();
    for (String n : names) {
      ds.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.UTF_8),
          MonthFamilies.isRecordFamily(n) ? resources.recordOptions
              : MonthFamilies.isIndexFamily(n) ? resources.indexOptions : resources.baseOptions));
    }
    KeyDatabase keyDb = null;
    try {
      resources.opened(RocksDB.open(dbo, dir.toString(), ds, resources.handles()));
      CleanStop.clear(settings.dataDir()); // written again only by a clean stop
      keyDb = KeyDatabase.open(keyDir);
      return new Opened(resources, names, keyDb);
    } catch (RocksDBException | RuntimeException e) {
      resources.close();
      if (keyDb != null) {
        keyDb.close();
      }
      if (e instanceof RocksDBException re) {
        throw openFailure("the store at " + dir, re, dir);
      }
      throw (RuntimeException) e;
    }
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
}
