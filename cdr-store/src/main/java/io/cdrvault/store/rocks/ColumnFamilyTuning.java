package io.cdrvault.store.rocks;

import java.util.Properties;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;

/**
 * Options of the month record and index column families (docs/adr/0021). Encrypted values do not
 * compress, so no compression. Memtables of {@value #MEMTABLE_BYTES} bytes instead of RocksDB's
 * 64 MiB: the ingest writer inserts random keys, and a smaller skip list keeps the insert path in
 * cache (measured ≈ +25 % batch-write throughput with 10,000 customers, BENCHMARKS.md); flushes
 * are sequential and cheap.
 */
final class ColumnFamilyTuning {
  /** Memtable size of a month record or index family. */
  static final long MEMTABLE_BYTES = 16L << 20;

  private ColumnFamilyTuning() {}

  /**
   * Record families: whole-key bloom filters in SST files and memtables, so the resend check on
   * write answers "absent" without reading blocks or walking the memtable (measured: the check
   * costs ≈ 25 % of a batch write with both, ≈ 35 % without the memtable filter).
   */
  static ColumnFamilyOptions records(BloomFilter bloom) {
    return withInsertHints()
        .setWriteBufferSize(MEMTABLE_BYTES)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom))
        .setMemtablePrefixBloomSizeRatio(0.02)
        .setMemtableWholeKeyFiltering(true)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
  }

  /** Index families: keys only (empty values), read by prefix scans of one tag. */
  static ColumnFamilyOptions index() {
    return withInsertHints()
        .setWriteBufferSize(MEMTABLE_BYTES)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
  }

  /**
   * Options whose memtable remembers, per 16-byte key prefix (a customer tag in the record
   * families, a number tag in the index families), where its last insert went, so the next key of
   * the same customer or number is inserted from there instead of from the skip list's head.
   * RocksJava has no setter for it; the options-string form is parsed by RocksDB.
   */
  private static ColumnFamilyOptions withInsertHints() {
    Properties p = new Properties();
    p.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.FixedPrefix.16");
    ColumnFamilyOptions o = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(p);
    if (o == null) {
      throw new IllegalStateException("RocksDB refused memtable_insert_with_hint_prefix_extractor");
    }
    return o;
  }
}
