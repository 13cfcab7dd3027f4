package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.model.CustomerCdr;
import io.micrometer.core.instrument.Counter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What reads of sealed records need, in one place: the month families, raw gets and iterators on
 * them, the vault to open what they return, the pool that opens long reads' records ahead of the
 * reader ({@link OpenAhead}; daemon threads, owned here) and the gate cursors pass through. Used by
 * the cursors, the retention sweep, erasure and the hold check; none of them reaches the facade.
 *
 * <p>Thread-safe. {@link #close()} stops the pool.
 */
final class RecordReader implements AutoCloseable {
  private final RocksDB db;
  private final MonthFamilies families;
  private final RecordVault vault;
  private final StoreGate gate;
  private final Counter recordsRead;
  private final ExecutorService pool = OpenAhead.newPool();

  RecordReader(RocksDB db, MonthFamilies families, RecordVault vault, StoreGate gate,
      Counter recordsRead) {
    this.db = db;
    this.families = families;
    this.vault = vault;
    this.gate = gate;
    this.recordsRead = recordsRead;
  }

  MonthFamilies families() {
    return families;
  }

  RecordVault vault() {
    return vault;
  }

  StoreGate gate() {
    return gate;
  }

  /** The pool cursors open records ahead on. */
  Executor pool() {
    return pool;
  }

  /** Counts one record handed to a grant's holder. */
  void countRead() {
    recordsRead.increment();
  }

  RocksIterator iterator(ColumnFamilyHandle cf) {
    return db.newIterator(cf);
  }

  RocksIterator iterator(ColumnFamilyHandle cf, ReadOptions options) {
    return db.newIterator(cf, options);
  }

  /** The sealed value of a record, or null if it is not there. */
  byte[] get(int month, byte[] recordKey) {
    ColumnFamilyHandle cf = families.recordHandle(month);
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
  List<byte[]> getAll(int month, List<byte[]> recordKeys) {
    ColumnFamilyHandle cf = families.recordHandle(month);
    if (cf == null) {
      return Collections.nCopies(recordKeys.size(), null);
    }
    try {
      return db.multiGetAsList(Collections.nCopies(recordKeys.size(), cf), recordKeys);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading indexed records", e);
    }
  }

  Optional<DataKey> dataKey(DekId id) {
    return vault.forRead(id);
  }

  /** Decrypts and decodes a record. */
  CustomerCdr open(DataKey key, int month, byte[] recordKey, byte[] sealed) {
    return vault.open(key, month, recordKey, sealed);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
