package io.cdrvault.store.rocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileManager;

/**
 * The native objects behind one open store database: its options, the SST file manager, the
 * database and the column-family handles it was opened with. The one place their close order is
 * written: handles (last opened first), then the database, then what the database was opened with.
 *
 * <p>Thread-safe; {@link #close()} is idempotent. Handles created later belong to
 * {@link MonthFamilies}, which closes them before this.
 */
final class RocksResources implements AutoCloseable {
  final DBOptions dbOptions;
  final SstFileManager sstFiles;
  final ColumnFamilyOptions baseOptions;
  final ColumnFamilyOptions recordOptions;
  final ColumnFamilyOptions indexOptions;
  final BloomFilter recordBloom;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private RocksDB db;
  private boolean closed;

  RocksResources(DBOptions dbOptions, SstFileManager sstFiles, ColumnFamilyOptions baseOptions,
      ColumnFamilyOptions recordOptions, ColumnFamilyOptions indexOptions, BloomFilter recordBloom) {
    this.dbOptions = Objects.requireNonNull(dbOptions);
    this.sstFiles = Objects.requireNonNull(sstFiles);
    this.baseOptions = Objects.requireNonNull(baseOptions);
    this.recordOptions = Objects.requireNonNull(recordOptions);
    this.indexOptions = Objects.requireNonNull(indexOptions);
    this.recordBloom = Objects.requireNonNull(recordBloom);
  }

  /** The list {@code RocksDB.open} fills with the handles it opens (closed by {@link #close()}). */
  List<ColumnFamilyHandle> handles() {
    return handles;
  }

  synchronized void opened(RocksDB database) {
    this.db = Objects.requireNonNull(database);
  }

  synchronized RocksDB db() {
    return db;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = handles.size() - 1; i >= 0; i--) {
      handles.get(i).close();
    }
    if (db != null) {
      db.close();
    }
    recordOptions.close();
    indexOptions.close();
    recordBloom.close();
    baseOptions.close();
    dbOptions.close();
    sstFiles.close();
  }
}
