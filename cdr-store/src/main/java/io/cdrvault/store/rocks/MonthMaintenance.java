package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DekId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * What retention and erasure do to the files: destroy data keys, drop a month's families, flush
 * and compact so deleted data leaves the disk. Destroying and dropping pass the store's gate alone.
 *
 * <p>Thread-safe.
 */
final class MonthMaintenance {
  private final RocksDB db;
  private final List<ColumnFamilyHandle> fixedHandles;
  private final ColumnFamilyHandle meta;
  private final WriteOptions syncOptions;
  private final MonthFamilies families;
  private final RecordVault vault;
  private final StoreGate gate;
  private final Clock clock;

  MonthMaintenance(RocksDB db, List<ColumnFamilyHandle> fixedHandles, ColumnFamilyHandle meta,
      WriteOptions syncOptions, MonthFamilies families, RecordVault vault, StoreGate gate,
      Clock clock) {
    this.db = db;
    this.fixedHandles = List.copyOf(fixedHandles);
    this.meta = meta;
    this.syncOptions = syncOptions;
    this.families = families;
    this.vault = vault;
    this.gate = gate;
    this.clock = clock;
  }

  /** Destroys data keys (crypto-shredding; see {@link RecordVault#destroy}), alone. */
  void destroyKeys(Collection<DekId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    gate.exclusive(() -> {
      vault.destroy(ids);
      return null;
    });
  }

  /**
   * Drops a month's record and index families, alone; their files are deleted once no cursor can
   * use the handles.
   */
  void dropMonth(int month) {
    gate.exclusive(() -> {
      try {
        families.drop(month);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("dropping the column families of month " + month, e);
      }
      gate.runIfIdle();
      return null;
    });
  }

  /** Every live column-family handle (fixed ones first). */
  List<ColumnFamilyHandle> allHandles() {
    List<ColumnFamilyHandle> hs = new ArrayList<>(fixedHandles);
    hs.addAll(families.live());
    return hs;
  }

  /** Flushes every memtable to table files and compacts every column family. */
  void flushAndCompact() {
    List<ColumnFamilyHandle> hs = allHandles();
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, hs);
      for (ColumnFamilyHandle h : hs) {
        db.compactRange(h);
      }
    } catch (RocksDBException e) {
      throw RocksErrors.translate("flush and compaction", e);
    }
  }

  /**
   * Flushes every column family (so write-ahead log files holding deleted data become obsolete and
   * are removed) and compacts {@code handles} down to the bottommost level, which drops deleted
   * entries and range tombstones from the files.
   */
  void compactForPurge(Collection<ColumnFamilyHandle> handles) {
    List<ColumnFamilyHandle> hs = allHandles();
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions co = new CompactRangeOptions().setBottommostLevelCompaction(
            CompactRangeOptions.BottommostLevelCompaction.kForce)) {
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

  /** Writes a purge's deletions, synced. */
  void writeSynced(org.rocksdb.WriteBatch wb) throws RocksDBException {
    db.write(syncOptions, wb);
  }
}
