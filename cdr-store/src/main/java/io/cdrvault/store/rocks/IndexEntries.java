package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.Cdr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The blind-index entries of one write batch: under both parties' numbers (when E.164) and the
 * destination prefix of the called number, keyed by pseudonym tags (computed once per batch per
 * number). They are collected and written in key order: inserting a batch's index entries sorted
 * costs RocksDB's memtable fewer cache misses than in record order (measured ≈ 10 % of a batch
 * write, BENCHMARKS.md). The value of an entry is empty. Not thread-safe: one per batch.
 */
final class IndexEntries {
  private static final byte[] EMPTY = new byte[0];

  private record Entry(ColumnFamilyHandle family, byte[] key) {}

  private final CustomerTagger tagger;
  private final Map<String, byte[]> tags = new HashMap<>();
  private final List<Entry> entries;

  IndexEntries(CustomerTagger tagger, int expectedRecords) {
    this.tagger = tagger;
    this.entries = new ArrayList<>(3 * expectedRecords);
  }

  /** Adds the entries of the record stored at {@code recordKey} to the index family {@code idx}. */
  void add(ColumnFamilyHandle idx, byte[] recordKey, Cdr cdr) {
    String calling = cdr.calling().e164();
    String called = cdr.called().e164();
    if (calling != null) {
      entries.add(new Entry(idx, StorageKeys.indexKey(tags.computeIfAbsent(calling, tagger::numberTag), recordKey)));
    }
    if (called != null) {
      if (!called.equals(calling)) {
        entries.add(new Entry(idx, StorageKeys.indexKey(tags.computeIfAbsent(called, tagger::numberTag), recordKey)));
      }
      String prefix = called.substring(0, Math.min(called.length(), CustomerTagger.PREFIX_INDEX_LENGTH));
      entries.add(new Entry(idx, StorageKeys.indexKey(
          tags.computeIfAbsent("p" + prefix, x -> tagger.prefixTag(prefix)), recordKey)));
    }
  }

  /** Puts the collected entries into {@code wb} in key order. */
  void writeTo(WriteBatch wb) throws RocksDBException {
    entries.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
    for (Entry e : entries) {
      wb.put(e.family, e.key, EMPTY);
    }
  }
}
