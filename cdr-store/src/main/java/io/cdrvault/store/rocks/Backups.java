package io.cdrvault.store.rocks;

import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.BackupEngine;
import org.rocksdb.BackupEngineOptions;
import org.rocksdb.BackupInfo;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.RestoreOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Offline backups with RocksDB's {@link BackupEngine} (incremental: SST files already in the backup
 * directory are shared, not copied again). Two kinds, each in a backup directory of its own:
 * <ul>
 *   <li><b>data</b> ({@link #backupData}): the data database {@code <dataDir>/rocksdb} — records,
 *       blind index, audit ledger, legal requests, offsets. It holds <em>no data keys</em>: those
 *       live in the key database, so a restored data backup opens only with the live key database
 *       and whatever was erased or expired since (data keys destroyed) stays unreadable.</li>
 *   <li><b>keys</b> ({@link #backupKeys}): the key database {@code <dataDir>/keydb}, for losing
 *       that disk. A key backup brings destroyed keys back if restored, so it must itself be
 *       expired within the erasure deadline (see {@code --keep} and docs/keys-and-backups.md).</li>
 * </ul>
 * Both need the databases closed (no node running): they open them read-write, which takes
 * RocksDB's lock, so a running node makes them fail with a clear message. Each backup is verified
 * right after it is taken by restoring it into a scratch directory (RocksDB checks every file's
 * checksum) and checking it there: the audit chain for data, the entry count for keys.
 *
 * <p>Stateless and thread-safe (the databases' locks serialise runs on one data directory).
 */
public final class Backups {
  /** Backup metadata of a data backup. */
  public static final String DATA_KIND = "cdrvault-data/1";
  /** Backup metadata of a key backup. */
  public static final String KEYS_KIND = "cdrvault-keys/1";
  /** Audit operation of a data backup. */
  public static final String AUDIT_BACKUP = "backup.create";
  /** Audit operation of a key backup. */
  public static final String AUDIT_KEY_BACKUP = "backup.keys";
  /** Audit operation of a restore (written into the restored ledger). */
  public static final String AUDIT_RESTORE = "backup.restore";
  private static final String RULE = "operator-command";

  static {
    // RocksJava loads its native library lazily, only in some constructors (Options, DBOptions,
    // Env.getDefault(), ...), not in BackupEngineOptions'. A restore's first native object is a
    // BackupEngineOptions (listing the backups), so in a fresh process it failed with
    // UnsatisfiedLinkError unless something else had loaded the library first. Every entry point
    // here is static, so loading it when this class initialises covers them all.
    RocksDB.loadLibrary();
  }

  private Backups() {}

  /**
   * One backup in a backup directory.
   *
   * @param id backup id (ascending)
   * @param time when it was taken
   * @param sizeBytes bytes of its files
   * @param files number of files
   * @param kind {@link #DATA_KIND} or {@link #KEYS_KIND} (other text: not made by cdrvault)
   * @param verifiedEntries after a verification: audit entries (data) or wrapped keys (keys)
   *     checked; -1 when not verified
   */
  public record BackupSummary(int id, Instant time, long sizeBytes, int files, String kind,
      long verifiedEntries) {
    public BackupSummary {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * Takes an incremental backup of the data database of {@code dataDir} into {@code backupDir}
   * (created if missing) and verifies it. An audit entry ({@value #AUDIT_BACKUP}) is appended first,
   * so the backup carries the record of itself.
   *
   * @throws CdrVaultException if no store is there, a node holds it, or the backup fails
   *     verification
   */
  public static BackupSummary backupData(Path dataDir, Path backupDir, String principal, Clock clock) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(clock, "clock");
    Path rocks = dataDir.resolve("rocksdb");
    if (!Files.isRegularFile(rocks.resolve("CURRENT"))) {
      throw new CdrVaultException("no store found at " + rocks);
    }
    int id;
    try (RawDataDb raw = RawDataDb.open(rocks)) {
      raw.audit(new AuditEvent.BackupAction(clock.instant(), principal, AUDIT_BACKUP, RULE, null));
      id = createBackup(raw.db, backupDir, DATA_KIND, 0);
    }
    return verify(backupDir, id);
  }

  /**
   * Takes an incremental backup of the key database of {@code dataDir} into {@code backupDir}
   * (which must not be a data backup directory), keeps only the newest {@code keep} key backups
   * there (0: keep all), and verifies it. The data database's ledger records it
   * ({@value #AUDIT_KEY_BACKUP}) when there is one.
   *
   * @throws CdrVaultException if there is no key database, a node holds it, or verification fails
   */
  public static BackupSummary backupKeys(Path dataDir, Path backupDir, int keep, String principal,
      Clock clock) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(clock, "clock");
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be >= 0");
    }
    Path keyDir = dataDir.resolve(KeyDatabase.DIR_NAME);
    if (!KeyDatabase.exists(keyDir)) {
      throw new CdrVaultException("no key database found at " + keyDir);
    }
    int id;
    try (KeyDatabase keys = KeyDatabase.open(keyDir)) {
      id = createBackup(keys.db(), backupDir, KEYS_KIND, keep);
    }
    Path rocks = dataDir.resolve("rocksdb");
    if (Files.isRegularFile(rocks.resolve("CURRENT"))) {
      try (RawDataDb raw = RawDataDb.open(rocks)) {
        raw.audit(new AuditEvent.BackupAction(clock.instant(), principal, AUDIT_KEY_BACKUP, RULE,
            null));
      }
    }
    return verify(backupDir, id);
  }

  /**
   * Restores data backup {@code backupId} (null: the newest) from {@code backupDir} into
   * {@code dataDir/rocksdb}, leaving {@code dataDir/keydb} (the live key database) untouched, and
   * appends a {@value #AUDIT_RESTORE} entry to the restored ledger. The restore is built in a
   * scratch directory and moved into place; an existing data database is replaced only when
   * {@code replace} is set (and no node holds it).
   *
   * @return the backup restored
   * @throws CdrVaultException if the backup is missing or not a data backup, the target exists and
   *     {@code replace} is not set, or a node holds the target
   */
  public static BackupSummary restoreData(Path backupDir, Integer backupId, Path dataDir,
      boolean replace, String principal, Clock clock) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(clock, "clock");
    BackupSummary b = find(backupDir, backupId, DATA_KIND);
    Path rocks = dataDir.resolve("rocksdb");
    boolean exists = Files.exists(rocks);
    if (exists && !replace) {
      throw new CdrVaultException("a store already exists at " + rocks
          + "; restore into an empty data directory or pass --replace");
    }
    if (exists && Files.isRegularFile(rocks.resolve("CURRENT"))) {
      RawDataDb.open(rocks).close(); // fails clearly when a node holds the lock
    }
    Path scratch = dataDir.resolve("rocksdb.restoring");
    deleteTree(scratch);
    restore(backupDir, b.id(), scratch);
    try {
      if (exists) {
        Path old = dataDir.resolve("rocksdb.replaced");
        deleteTree(old);
        Files.move(rocks, old);
        Files.move(scratch, rocks);
        deleteTree(old);
      } else {
        Files.createDirectories(dataDir);
        Files.move(scratch, rocks);
      }
    } catch (IOException e) {
      throw new CdrVaultException("the restored store could not be moved into " + rocks, e);
    }
    // the restored ledger ends where the backup did: the anchor of the replaced one no longer
    // applies (the restore entry below records the rollback); the next checkpoint writes a new one
    io.cdrvault.store.audit.HeadAnchor.in(dataDir).forget();
    CleanStop.clear(dataDir); // described the replaced database
    try (RawDataDb raw = RawDataDb.open(rocks)) {
      raw.audit(new AuditEvent.BackupAction(clock.instant(), principal, AUDIT_RESTORE, RULE,
          b.id()));
    }
    return b;
  }

  /**
   * Restores key backup {@code backupId} (null: the newest) into {@code dataDir/keydb}, which must
   * not exist: this is for a lost key database only. Every data key destroyed after that backup was
   * taken is back until the erasures and retention sweeps since are applied again.
   *
   * @throws CdrVaultException if the backup is missing or not a key backup, or a key database exists
   */
  public static BackupSummary restoreKeys(Path backupDir, Integer backupId, Path dataDir) {
    BackupSummary b = find(backupDir, backupId, KEYS_KIND);
    Path keyDir = dataDir.resolve(KeyDatabase.DIR_NAME);
    if (Files.exists(keyDir)) {
      throw new CdrVaultException("a key database already exists at " + keyDir
          + "; a key backup is restored only where the key database was lost");
    }
    Path scratch = dataDir.resolve(KeyDatabase.DIR_NAME + ".restoring");
    deleteTree(scratch);
    restore(backupDir, b.id(), scratch);
    try {
      Files.move(scratch, keyDir);
    } catch (IOException e) {
      throw new CdrVaultException("the restored key database could not be moved into " + keyDir, e);
    }
    return b;
  }

  /** The backups in {@code backupDir}, oldest first (empty if there is none). */
  public static List<BackupSummary> list(Path backupDir) {
    if (!Files.isDirectory(backupDir)) {
      return List.of();
    }
    try (BackupEngineOptions o = new BackupEngineOptions(backupDir.toString());
        BackupEngine engine = BackupEngine.open(Env.getDefault(), o)) {
      List<BackupSummary> out = new ArrayList<>();
      for (BackupInfo i : engine.getBackupInfo()) {
        out.add(summary(i, -1));
      }
      out.sort(Comparator.comparingInt(BackupSummary::id));
      return out;
    } catch (RocksDBException e) {
      throw RocksErrors.translate("listing the backups in " + backupDir, e);
    }
  }

  /**
   * Verifies backup {@code id} by restoring it into a scratch directory beside the backups (every
   * file's checksum is checked) and checking the result: a data backup's audit chain must verify,
   * a key backup must open. The scratch copy is deleted afterwards.
   *
   * @throws CdrVaultException if it does not check out
   */
  public static BackupSummary verify(Path backupDir, int id) {
    BackupSummary b = find(backupDir, id, null);
    Path scratch = backupDir.resolve("verify-" + id + ".tmp");
    deleteTree(scratch);
    try {
      if (b.kind().equals(DATA_KIND)) {
        restore(backupDir, id, scratch.resolve("rocksdb"));
        VerificationResult r = AuditVerifier.verify(scratch);
        if (!r.ok()) {
          throw new CdrVaultException("backup " + id + " in " + backupDir
              + " holds an audit ledger that does not verify: " + r.problem());
        }
        return withVerified(b, r.entriesChecked());
      }
      if (b.kind().equals(KEYS_KIND)) {
        restore(backupDir, id, scratch);
        long[] n = {0};
        try (KeyDatabase keys = KeyDatabase.open(scratch)) {
          keys.forEachEntry((k, v) -> n[0]++);
        }
        return withVerified(b, n[0]);
      }
      throw new CdrVaultException("backup " + id + " in " + backupDir + " was not made by cdrvault");
    } finally {
      deleteTree(scratch);
    }
  }

  private static BackupSummary withVerified(BackupSummary b, long n) {
    return new BackupSummary(b.id(), b.time(), b.sizeBytes(), b.files(), b.kind(), n);
  }

  private static int createBackup(RocksDB db, Path backupDir, String kind, int keep) {
    try {
      Files.createDirectories(backupDir);
    } catch (IOException e) {
      throw new CdrVaultException("backup directory " + backupDir + " could not be created", e);
    }
    try (BackupEngineOptions o = new BackupEngineOptions(backupDir.toString()).setSync(true);
        BackupEngine engine = BackupEngine.open(Env.getDefault(), o)) {
      for (BackupInfo i : engine.getBackupInfo()) {
        if (!kind.equals(i.appMetadata())) {
          throw new CdrVaultException("backup directory " + backupDir + " holds backups of another "
              + "kind; use separate directories for data and key backups");
        }
      }
      engine.createNewBackupWithMetadata(db, kind, true);
      if (keep > 0) {
        engine.purgeOldBackups(keep);
      }
      List<BackupInfo> infos = engine.getBackupInfo();
      return infos.stream().mapToInt(BackupInfo::backupId).max().orElseThrow();
    } catch (RocksDBException e) {
      throw RocksErrors.translate("backing up into " + backupDir, e);
    }
  }

  private static void restore(Path backupDir, int id, Path target) {
    try {
      Files.createDirectories(target);
    } catch (IOException e) {
      throw new CdrVaultException("restore directory " + target + " could not be created", e);
    }
    try (BackupEngineOptions o = new BackupEngineOptions(backupDir.toString());
        BackupEngine engine = BackupEngine.open(Env.getDefault(), o);
        RestoreOptions ro = new RestoreOptions(false)) {
      engine.restoreDbFromBackup(id, target.toString(), target.toString(), ro);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("restoring backup " + id + " from " + backupDir, e);
    }
  }

  private static BackupSummary find(Path backupDir, Integer id, String kind) {
    List<BackupSummary> all = list(backupDir);
    if (all.isEmpty()) {
      throw new CdrVaultException("no backup found in " + backupDir);
    }
    Optional<BackupSummary> b = id == null ? Optional.of(all.get(all.size() - 1))
        : all.stream().filter(x -> x.id() == id).findFirst();
    if (b.isEmpty()) {
      throw new CdrVaultException("backup " + id + " not found in " + backupDir);
    }
    if (kind != null && !kind.equals(b.get().kind())) {
      throw new CdrVaultException("backup " + b.get().id() + " in " + backupDir + " is a "
          + describe(b.get().kind()) + ", not a " + describe(kind));
    }
    return b.get();
  }

  private static String describe(String kind) {
    return kind.equals(DATA_KIND) ? "data backup" : kind.equals(KEYS_KIND) ? "key backup"
        : "backup not made by cdrvault";
  }

  private static BackupSummary summary(BackupInfo i, long verified) {
    String meta = i.appMetadata();
    return new BackupSummary(i.backupId(), Instant.ofEpochSecond(i.timestamp()), i.size(),
        i.numberFiles(), meta == null ? "" : meta, verified);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  /** The data database opened read-write with every column family (no keys needed). */
  private static final class RawDataDb implements AutoCloseable {
    final List<String> names = new ArrayList<>();
    final DBOptions options = new DBOptions();
    final ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
    final List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;

    static RawDataDb open(Path rocks) {
      RawDataDb r = new RawDataDb();
      try {
        List<ColumnFamilyDescriptor> ds = new ArrayList<>();
        try (Options o = new Options()) {
          for (byte[] n : RocksDB.listColumnFamilies(o, rocks.toString())) {
            r.names.add(new String(n, StandardCharsets.UTF_8));
            ds.add(new ColumnFamilyDescriptor(n, r.cfOptions));
          }
        }
        r.db = RocksDB.open(r.options, rocks.toString(), ds, r.handles);
        return r;
      } catch (RocksDBException e) {
        r.close();
        throw StoreOpener.openFailure("the store at " + rocks, e);
      }
    }

    void audit(AuditEvent event) {
      int a = names.indexOf(RocksCdrStore.AUDIT);
      int m = names.indexOf(RocksCdrStore.META);
      if (a < 0 || m < 0) {
        throw new CdrVaultException("the store has no audit ledger");
      }
      RocksAuditLedger ledger = RocksAuditLedger.open(db, handles.get(a), handles.get(m));
      try {
        ledger.append(event);
      } finally {
        ledger.close();
      }
    }

    @Override
    public void close() {
      for (int i = handles.size() - 1; i >= 0; i--) {
        handles.get(i).close();
      }
      if (db != null) {
        db.close();
      }
      cfOptions.close();
      options.close();
    }
  }
}
