package io.cdrvault.store.rocks;

import io.cdrvault.store.access.AccessScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's per-month column families: {@code cdr-yyyyMM} (sealed records) and, beside it,
 * {@code idx-yyyyMM} (the blind index), created on first use, found by month or by a scope's
 * window, dropped whole. A dropped family's handle is kept until no cursor can use it
 * ({@link #closeDropped}).
 *
 * <p>Thread-safe. {@link #close()} closes the handles this class created and the dropped ones; the
 * handles the database was opened with are closed by {@link RocksResources}.
 */
final class MonthFamilies implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonthFamilies.class);

  private final RocksDB db;
  private final ColumnFamilyOptions recordOptions;
  private final ColumnFamilyOptions indexOptions;
  private final ConcurrentSkipListMap<Integer, ColumnFamilyHandle> records =
      new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Integer, ColumnFamilyHandle> indexes =
      new ConcurrentSkipListMap<>();
  /** Every live month handle, in creation order (flushes and compactions walk them). */
  private final List<ColumnFamilyHandle> live = Collections.synchronizedList(new ArrayList<>());
  /** Handles created here (closed by {@link #close()}). */
  private final List<ColumnFamilyHandle> created = new ArrayList<>();
  private final List<ColumnFamilyHandle> dropped = new ArrayList<>();

  MonthFamilies(RocksDB db, ColumnFamilyOptions recordOptions, ColumnFamilyOptions indexOptions) {
    this.db = db;
    this.recordOptions = recordOptions;
    this.indexOptions = indexOptions;
  }

  static boolean isRecordFamily(String name) {
    return StorageKeys.parseMonth(name, StorageKeys.MONTH_CF_PREFIX) != null;
  }

  static boolean isIndexFamily(String name) {
    return StorageKeys.parseMonth(name, StorageKeys.INDEX_CF_PREFIX) != null;
  }

  /** Takes a handle the database was opened with if it is a month family; false otherwise. */
  boolean adopt(String name, ColumnFamilyHandle h) {
    Integer month = StorageKeys.parseMonth(name, StorageKeys.MONTH_CF_PREFIX);
    Integer indexMonth = StorageKeys.parseMonth(name, StorageKeys.INDEX_CF_PREFIX);
    if (month != null) {
      records.put(month, h);
    } else if (indexMonth != null) {
      indexes.put(indexMonth, h);
    } else {
      return false;
    }
    live.add(h);
    return true;
  }

  /** The record family of {@code month}, created on first use. */
  ColumnFamilyHandle recordFamily(int month) throws RocksDBException {
    ColumnFamilyHandle h = records.get(month);
    if (h != null) {
      return h;
    }
    return family(records, month, StorageKeys.monthColumnFamily(month), recordOptions);
  }

  /** The index family of {@code month}, created on first use. */
  ColumnFamilyHandle indexFamily(int month) throws RocksDBException {
    return family(indexes, month, StorageKeys.indexColumnFamily(month), indexOptions);
  }

  /** The record family of a month, or null. */
  ColumnFamilyHandle recordHandle(int month) {
    return records.get(month);
  }

  /** The index family of a month, or null. */
  ColumnFamilyHandle indexHandle(int month) {
    return indexes.get(month);
  }

  /** The record families overlapping the scope's window. */
  NavigableMap<Integer, ColumnFamilyHandle> records(AccessScope scope) {
    return new TreeMap<>(records.subMap(firstMonth(scope), true, lastMonth(scope), true));
  }

  /** The index families overlapping the scope's window. */
  NavigableMap<Integer, ColumnFamilyHandle> indexes(AccessScope scope) {
    return new TreeMap<>(indexes.subMap(firstMonth(scope), true, lastMonth(scope), true));
  }

  /** The months that have a record family. */
  NavigableSet<Integer> recordMonths() {
    return new TreeSet<>(records.keySet());
  }

  /** The months that have a record or an index family. */
  NavigableSet<Integer> storedMonths() {
    TreeSet<Integer> out = new TreeSet<>(records.keySet());
    out.addAll(indexes.keySet());
    return out;
  }

  /** Every live month handle. */
  List<ColumnFamilyHandle> live() {
    synchronized (live) {
      return new ArrayList<>(live);
    }
  }

  /**
   * Drops a month's record and index families; their handles stay open until
   * {@link #closeDropped}. The caller holds the store's gate exclusively.
   */
  void drop(int month) throws RocksDBException {
    for (ColumnFamilyHandle h : new ColumnFamilyHandle[] {records.remove(month),
        indexes.remove(month)}) {
      if (h != null) {
        db.dropColumnFamily(h);
        live.remove(h);
        synchronized (dropped) {
          dropped.add(h);
        }
      }
    }
    LOG.info("dropped the column families of month {}", month);
  }

  /** Closes the handles of dropped families; the caller knows no cursor can use them. */
  void closeDropped() {
    synchronized (dropped) {
      dropped.forEach(ColumnFamilyHandle::close);
      dropped.clear();
    }
  }

  @Override
  public void close() {
    closeDropped();
    synchronized (created) {
      for (int i = created.size() - 1; i >= 0; i--) {
        created.get(i).close();
      }
      created.clear();
    }
  }

  private ColumnFamilyHandle family(ConcurrentSkipListMap<Integer, ColumnFamilyHandle> byMonth,
      int month, String name, ColumnFamilyOptions options) throws RocksDBException {
    ColumnFamilyHandle h = byMonth.get(month);
    if (h != null) {
      return h;
    }
    synchronized (created) {
      h = byMonth.get(month);
      if (h == null) {
        h = db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
            options));
        created.add(h);
        live.add(h);
        byMonth.put(month, h);
        LOG.info("created column family {}", name);
      }
      return h;
    }
  }

  private static int firstMonth(AccessScope scope) {
    return StorageKeys.monthOf(scope.from().isBefore(Instant.EPOCH) ? Instant.EPOCH : scope.from());
  }

  private static int lastMonth(AccessScope scope) {
    return StorageKeys.monthOf(scope.to().minusNanos(1));
  }
}
