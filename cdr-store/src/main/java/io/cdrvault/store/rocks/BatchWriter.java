package io.cdrvault.store.rocks;

import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.errors.RetriableException;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Writes one ingest batch atomically: drops records of erased customers, sorts the rest by storage
 * key, skips resends (an equal key earlier in the batch or already stored: bloom filters first,
 * then one multi-get), seals each record under its customer's month key, adds its blind-index
 * entries and the partitions' next offsets, and writes it all in one {@link WriteBatch}. Refuses,
 * as retriable and writing nothing, when the disk is below its minimum free space.
 *
 * <p>Thread-safe (no state beside the metrics and the free-space minimum); callers pass the
 * store's gate shared.
 */
final class BatchWriter {
  private final RocksDB db;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions;
  private final MonthFamilies families;
  private final RecordVault vault;
  private final RocksLifecycle erasures;
  private final FileStore fileStore;
  private final Timer batchWrite;
  private final Counter recordsWritten;
  private final Counter recordsDuplicate;
  private final Counter recordsErased;
  private volatile long minFreeDiskBytes;

  BatchWriter(RocksDB db, ColumnFamilyHandle meta, WriteOptions writeOptions,
      MonthFamilies families, RecordVault vault, RocksLifecycle erasures, FileStore fileStore,
      long minFreeDiskBytes, MeterRegistry registry) {
    this.db = db;
    this.meta = meta;
    this.writeOptions = writeOptions;
    this.families = families;
    this.vault = vault;
    this.erasures = erasures;
    this.fileStore = fileStore;
    this.minFreeDiskBytes = minFreeDiskBytes;
    this.recordsErased = Counter.builder("cdr.store.records.erased")
        .description("Records not stored because their customer was erased").register(registry);
    this.batchWrite = Timer.builder("cdr.store.batch.write")
        .description("Time to seal and atomically write one ingest batch").register(registry);
    this.recordsWritten = Counter.builder("cdr.store.records.written")
        .description("Records sealed and written").register(registry);
    this.recordsDuplicate = Counter.builder("cdr.store.records.duplicate")
        .description("Records not written because their storage key already existed (resends)")
        .register(registry);
  }

  void setMinFreeDiskBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("minFreeDiskBytes must be >= 0");
    }
    this.minFreeDiskBytes = bytes;
  }

  long minFreeDiskBytes() {
    return minFreeDiskBytes;
  }

  /** The free-space minimum as the write probe reads it. */
  java.util.function.LongSupplier minFreeDisk() {
    return () -> minFreeDiskBytes;
  }

  WriteResult write(IngestBatch batch) {
    checkFreeSpace();
    Timer.Sample sample = Timer.start();
    HmacCustomerTagger tagger = vault.tagger();
    List<CustomerCdr> records = withoutErased(batch.records());
    Pending[] pending = new Pending[records.size()];
    Map<CustomerId, byte[]> tags = new HashMap<>();
    for (int i = 0; i < pending.length; i++) {
      CustomerCdr r = records.get(i);
      long millis;
      try {
        millis = r.cdr().start().toEpochMilli();
      } catch (ArithmeticException e) {
        millis = -1;
      }
      if (millis < 0) {
        throw new CdrVaultException("record " + i + " of the batch has a start time outside "
            + "1970..; nothing was written");
      }
      byte[] tag = tags.computeIfAbsent(r.customer(), tagger::tag);
      int month = StorageKeys.monthOf(r.cdr().start());
      pending[i] = new Pending(StorageKeys.recordKey(tag, millis, r.cdr().id().value()),
          DekId.of(tag, month), r);
    }
    // one customer's records together (and equal keys adjacent, for the duplicate check)
    Arrays.sort(pending, (x, y) -> Arrays.compareUnsigned(x.key, y.key));
    boolean[] duplicate = new boolean[pending.length];
    int duplicates = markDuplicates(pending, duplicate);
    Set<DekId> needed = new HashSet<>();
    for (int i = 0; i < pending.length; i++) {
      if (!duplicate[i]) {
        needed.add(pending[i].dek);
      }
    }
    Map<DekId, DataKey> keys = vault.forWrite(needed);
    IndexEntries index = new IndexEntries(tagger, pending.length);
    try (WriteBatch wb = new WriteBatch()) {
      for (int i = 0; i < pending.length; i++) {
        if (duplicate[i]) {
          continue;
        }
        Pending p = pending[i];
        wb.put(families.recordFamily(p.dek.month()), p.key,
            vault.seal(keys.get(p.dek), p.key, p.record));
        index.add(families.indexFamily(p.dek.month()), p.key, p.record.cdr());
      }
      index.writeTo(wb);
      for (Map.Entry<SourcePartition, Long> e : batch.nextOffsets().entrySet()) {
        wb.put(meta, StorageKeys.offsetKey(e.getKey().topic(), e.getKey().partition()),
            ByteBuffer.allocate(8).putLong(e.getValue()).array());
      }
      db.write(writeOptions, wb);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("writing a batch of " + pending.length + " records", e);
    }
    sample.stop(batchWrite);
    int written = pending.length - duplicates;
    recordsWritten.increment(written);
    recordsDuplicate.increment(duplicates);
    return new WriteResult(written, duplicates);
  }

  /**
   * Marks records whose key appeared earlier in the (sorted) batch or already exists in the store.
   * The month families' bloom filters answer most absent keys without I/O ({@code keyMayExist});
   * the rest are read in one {@code multiGet}.
   */
  private int markDuplicates(Pending[] pending, boolean[] duplicate) {
    int n = 0;
    List<ColumnFamilyHandle> cfs = new ArrayList<>();
    List<byte[]> candidates = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < pending.length; i++) {
      if (i > 0 && Arrays.equals(pending[i].key, pending[i - 1].key)) {
        duplicate[i] = true;
        n++;
        continue;
      }
      ColumnFamilyHandle cf = families.recordHandle(pending[i].dek.month());
      if (cf != null && db.keyMayExist(cf, pending[i].key, null)) {
        cfs.add(cf);
        candidates.add(pending[i].key);
        positions.add(i);
      }
    }
    if (!candidates.isEmpty()) {
      List<byte[]> found;
      try {
        found = db.multiGetAsList(cfs, candidates);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("checking " + candidates.size() + " record keys for resends", e);
      }
      for (int j = 0; j < found.size(); j++) {
        if (found.get(j) != null) {
          duplicate[positions.get(j)] = true;
          n++;
        }
      }
    }
    return n;
  }

  /** Fails as retriable (disk full), writing nothing, when usable space is below the minimum. */
  private void checkFreeSpace() {
    long min = minFreeDiskBytes;
    if (min <= 0) {
      return;
    }
    long usable;
    try {
      usable = fileStore.getUsableSpace();
    } catch (IOException e) {
      throw new RetriableException(RetriableException.Kind.IO,
          "reading the usable space of the store's file system failed", e);
    }
    if (usable < min) {
      throw new RetriableException(RetriableException.Kind.DISK_FULL, "the store's file system has "
          + usable + " bytes usable, below the minimum of " + min + "; nothing was written", null);
    }
  }

  private List<CustomerCdr> withoutErased(List<CustomerCdr> records) {
    if (!erasures.anyErased()) {
      return records;
    }
    List<CustomerCdr> out = new ArrayList<>(records.size());
    Map<CustomerId, Boolean> erased = new HashMap<>();
    for (CustomerCdr r : records) {
      if (!erased.computeIfAbsent(r.customer(),
          c -> erasures.erasedAt(vault.tagger().tag(c)).isPresent())) {
        out.add(r);
      }
    }
    recordsErased.increment(records.size() - out.size());
    return out;
  }

  private record Pending(byte[] key, DekId dek, CustomerCdr record) {}
}
