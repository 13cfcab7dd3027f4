package io.cdrvault.store.rocks;

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
    return new ColumnFamilyOptions()
        .setWriteBufferSize(MEMTABLE_BYTES)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom))
        .setMemtablePrefixBloomSizeRatio(0.02)
        .setMemtableWholeKeyFiltering(true)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
  }

  /** Index families: keys only (empty values), read by prefix scans of one tag. */
  static ColumnFamilyOptions index() {
    return new ColumnFamilyOptions()
        .setWriteBufferSize(MEMTABLE_BYTES)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
  }
}
