package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.WrappedKeyStorage;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The key database: a small RocksDB of its own at {@code <dataDir>/keydb} holding the wrapped data
 * keys (column family {@code dek}: {@code DekId.storageKey()} → wrapped key) and its markers
 * (column family {@code meta}). It is kept apart from the data database so that backups of records
 * never contain data keys: destroying a key here shreds the records it sealed in every backup too
 * (see {@code docs/adr/0012-backups-and-key-database.md}). Every write is synced.
 *
 * <p>Thread-safe. {@link #close()} is idempotent; calls after it fail.
 */
public final class KeyDatabase implements WrappedKeyStorage, AutoCloseable {
  /** Directory name of the key database inside a data directory. */
  public static final String DIR_NAME = "keydb";
  static final String DEK_CF = "dek";
  static final String META_CF = "meta";
  /** Set once the data database's old {@code keys} column family has been copied here (or never existed). */

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions sync;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle dek;
  private final ColumnFamilyHandle meta;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private KeyDatabase(Path dir, DBOptions dbo, ColumnFamilyOptions cfo, RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.dbOptions = dbo;
    this.cfOptions = cfo;
    this.db = db;
    this.handles = handles;
    this.dek = handles.get(1);
    this.meta = handles.get(2);
    this.sync = new WriteOptions().setSync(true);
  }

  /**
   * Opens the key database in {@code dir}, creating it when missing.
   *
   * @throws CdrVaultException if it cannot be opened (e.g. another process holds its lock)
   */
  public static KeyDatabase open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CdrVaultException("key database directory " + dir + " could not be created", e);
    }
    RocksDB.loadLibrary();
    // a small MANIFEST rolls over at the next change, so after a purge none keeps the boundary keys
    // of the deleted files (see compactForPurge)
    DBOptions dbo = StorageKeys.purgeFriendlyDbOptions().setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setKeepLogFileNum(3);
    ColumnFamilyOptions cfo = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> ds = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfo),
        new ColumnFamilyDescriptor(DEK_CF.getBytes(StandardCharsets.UTF_8), cfo),
        new ColumnFamilyDescriptor(META_CF.getBytes(StandardCharsets.UTF_8), cfo));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbo, dir.toString(), ds, handles);
      return new KeyDatabase(dir, dbo, cfo, db, handles);
    } catch (RocksDBException e) {
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      cfo.close();
      dbo.close();
      throw StoreOpener.openFailure("the key database at " + dir, e);
    }
  }

  /** True if {@code dir} holds a key database (it has been opened at least once). */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("CURRENT"));
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Objects.requireNonNull(key, "key");
    return guarded(() -> {
      try {
        return Optional.ofNullable(db.get(dek, key));
      } catch (RocksDBException e) {
        throw RocksErrors.translate("reading a wrapped data key", e);
      }
    });
  }

  @Override
  public void putAll(Map<byte[], byte[]> entries) {
    Objects.requireNonNull(entries, "entries");
    guarded(() -> {
      try (WriteBatch wb = new WriteBatch()) {
        for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
          wb.put(dek, e.getKey(), e.getValue());
        }
        db.write(sync, wb);
        return null;
      } catch (RocksDBException e) {
        throw RocksErrors.translate("writing " + entries.size() + " wrapped data keys", e);
      }
    });
  }

  @Override
  public void delete(Collection<byte[]> keys) {
    Objects.requireNonNull(keys, "keys");
    guarded(() -> {
      try (WriteBatch wb = new WriteBatch()) {
        for (byte[] k : keys) {
          wb.delete(dek, k);
        }
        db.write(sync, wb);
        return null;
      } catch (RocksDBException e) {
        throw RocksErrors.translate("deleting " + keys.size() + " wrapped data keys", e);
      }
    });
  }

  @Override
  public List<Map.Entry<byte[], byte[]>> entriesAfter(byte[] afterKey, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    return guarded(() -> {
      List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
      try (RocksIterator it = db.newIterator(dek)) {
        if (afterKey == null) {
          it.seekToFirst();
        } else {
          it.seek(afterKey);
          if (it.isValid() && Arrays.equals(it.key(), afterKey)) {
            it.next();
          }
        }
        while (it.isValid() && out.size() < limit) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(it.key(), it.value()));
          it.next();
        }
        it.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("listing wrapped data keys", e);
      }
      return out;
    });
  }



  /** The open database, for backups (package-private; do not close it). */
  RocksDB db() {
    return db;
  }

  /**
   * Flushes and compacts the wrapped keys so deleted ones leave the files (crypto-shredding must
   * not leave the wrapped bytes in an SST or the WAL).
   */
  void compact() {
    guarded(() -> {
      try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true);
          org.rocksdb.CompactRangeOptions co = new org.rocksdb.CompactRangeOptions()
              .setBottommostLevelCompaction(
                  org.rocksdb.CompactRangeOptions.BottommostLevelCompaction.kForce)) {
        db.flush(fo, dek);
        db.compactRange(dek, null, null, co); // rewrite the bottom level too: no deleted key stays
        // one more change: the (small) MANIFEST rolls over and forgets the deleted files' keys
        for (int i = 0; i < 2; i++) { // the second job deletes the MANIFEST the first one retired
          db.put(meta, sync, StorageKeys.PURGE_MARK_KEY, new byte[] {(byte) i});
          db.flush(fo, meta);
        }
        db.flushWal(true);
        return null;
      } catch (RocksDBException e) {
        throw RocksErrors.translate("compacting the key database", e);
      }
    });
  }

  /** The directory it lives in. */
  public Path dir() {
    return dir;
  }

  private <T> T guarded(java.util.function.Supplier<T> action) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new CdrVaultException("key database is closed");
      }
      return action.get();
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
      sync.close();
      for (int i = handles.size() - 1; i >= 0; i--) {
        handles.get(i).close();
      }
      db.close();
      cfOptions.close();
      dbOptions.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "KeyDatabase[" + dir + "]";
  }
}
