package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the number / prefix index in for months written before it existed: finds them (no
 * "indexed" mark) and indexes every readable record of one, in batches of 1,000, beside ingest.
 *
 * <p>Thread-safe; each batch passes the store's gate shared.
 */
final class IndexBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBackfill.class);
  private static final int BATCH = 1000;

  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final MonthFamilies families;
  private final RecordVault vault;
  private final StoreGate gate;

  IndexBackfill(RocksDB db, WriteOptions writeOptions, MonthFamilies families, RecordVault vault,
      StoreGate gate) {
    this.db = db;
    this.writeOptions = writeOptions;
    this.families = families;
    this.vault = vault;
    this.gate = gate;
  }

  /** The record months not all in the index. */
  List<Integer> backlog() {
    return gate.shared(() -> {
      List<Integer> out = new ArrayList<>();
      for (Integer month : families.recordMonths()) {
        try {
          if (!families.indexed(month)) {
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
   * unchanged), then marks the month as indexed. Records whose data key is gone (erased, expired)
   * are skipped. Returns the number of records indexed.
   */
  long rebuild(int month) {
    ColumnFamilyHandle cf = gate.shared(() -> families.recordHandle(month));
    if (cf == null) {
      return 0;
    }
    long n = 0;
    byte[] after = null;
    while (true) {
      byte[] from = after;
      long[] done = new long[1];
      byte[] last = gate.shared(() -> indexSome(cf, month, from, done));
      n += done[0];
      if (last == null) {
        break;
      }
      after = last;
    }
    gate.shared(() -> {
      try {
        families.markIndexed(month);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("marking a month as indexed", e);
      }
      return null;
    });
    LOG.info("index of month {} rebuilt: {} records", month, n);
    return n;
  }

  /** Indexes up to one batch of records after {@code after}; returns the last key, null at the end. */
  private byte[] indexSome(ColumnFamilyHandle cf, int month, byte[] after, long[] done) {
    IndexEntries index = new IndexEntries(vault.tagger(), BATCH);
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
      ColumnFamilyHandle idx = families.indexFamily(month);
      for (; it.isValid() && seen < BATCH; it.next()) {
        byte[] k = it.key();
        last = k;
        seen++;
        Optional<DataKey> key = vault.forRead(DekId.of(Arrays.copyOf(k, 16), month));
        if (key.isEmpty()) {
          continue;
        }
        CustomerCdr r = vault.open(key.get(), month, k, it.value());
        index.add(idx, k, r.cdr());
        done[0]++;
      }
      it.status();
      index.writeTo(wb);
      db.write(writeOptions, wb);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("rebuilding the index of month " + month, e);
    }
    return seen < BATCH ? null : last;
  }
}
