package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

class ColumnFamilyTuningTest {

  @TempDir
  Path dir;

  @Test
  void monthFamilies_insertWithAHintPerSixteenBytePrefix_asRocksDbRecordsIt() throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (BloomFilter bloom = new BloomFilter(10);
        ColumnFamilyOptions records = ColumnFamilyTuning.records(bloom);
        ColumnFamilyOptions index = ColumnFamilyTuning.index();
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        RocksDB db = RocksDB.open(options, dir.toString(), List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
            new ColumnFamilyDescriptor("rec-202603".getBytes(), records),
            new ColumnFamilyDescriptor("idx-202603".getBytes(), index)), handles)) {
      assertThat(db.getProperty(handles.get(1), "rocksdb.num-entries-active-mem-table")).isEqualTo("0");
      handles.forEach(ColumnFamilyHandle::close);
    }
    String written;
    try (Stream<Path> files = Files.list(dir)) {
      Path latest = files.filter(p -> p.getFileName().toString().startsWith("OPTIONS-")).sorted()
          .reduce((a, b) -> b).orElseThrow();
      written = Files.readString(latest);
    }
    String[] families = written.split("\\[CFOptions ");
    assertThat(families).hasSize(4); // preamble, default, records, index
    assertThat(families[1]).doesNotContain("memtable_insert_with_hint_prefix_extractor=rocksdb");
    assertThat(families[2]).startsWith("\"rec-202603\"")
        .contains("memtable_insert_with_hint_prefix_extractor=rocksdb.FixedPrefix.16");
    assertThat(families[3]).startsWith("\"idx-202603\"")
        .contains("memtable_insert_with_hint_prefix_extractor=rocksdb.FixedPrefix.16");
  }
}
