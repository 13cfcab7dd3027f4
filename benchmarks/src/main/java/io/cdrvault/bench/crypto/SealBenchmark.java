package io.cdrvault.bench.crypto;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.bench.support.MemoryKeyStorage;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.RecordSealer;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RecordCodec;
import io.cdrvault.store.rocks.StorageKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Sealing and opening one stored record through the store's real hot path: {@link RecordCodec}
 * (binary plaintext, ≈ 250 bytes) and {@link RecordSealer} (JDK AES-256-GCM, random 96-bit nonce,
 * the 32-byte storage key as associated data), with real data keys from {@link DataKeyManager}
 * (wrapped under a real keyring's KEK, kept in memory instead of RocksDB).
 *
 * <p>{@code keys=1}: every record under one customer-month key (the best case: a batch sorted by
 * customer). {@code keys=1024}: consecutive records cycle through 1,024 customers' keys, so the
 * sealer's per-thread {@code Cipher} is re-keyed on every record (the worst case).
 *
 * <p>{@code seal}/{@code open} include the codec; {@code sealCipherOnly}/{@code openCipherOnly}
 * isolate the AES-GCM step on pre-encoded bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealBenchmark {
  private static final int RECORDS = 1024;

  @Param({"1", "1024"})
  public int keys;

  private Path dir;
  private DataKey[] dataKeys;
  private byte[][] storageKeys;
  private CustomerCdr[] records;
  private byte[][] plaintexts;
  private byte[][] sealed;
  private int next;

  @Setup
  public void setUp() {
    dir = TempDirs.create("cdrvault-seal-bench");
    Keyring keyring = Keyring.create(dir.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray());
    HmacCustomerTagger tagger = HmacCustomerTagger.create(keyring);
    DataKeyManager manager = DataKeyManager.create(keyring, new MemoryKeyStorage(), 2 * RECORDS);
    List<CustomerId> customers = BenchRecords.customers(keys);
    BenchRecords gen = BenchRecords.seeded(7, 1);
    int month = StorageKeys.monthOf(BenchRecords.MONTH_START);
    List<DekId> ids = new ArrayList<>();
    for (CustomerId c : customers) {
      ids.add(DekId.of(tagger.tag(c), month));
    }
    Map<DekId, DataKey> byId = manager.forWrite(ids);
    dataKeys = new DataKey[RECORDS];
    storageKeys = new byte[RECORDS][];
    records = new CustomerCdr[RECORDS];
    plaintexts = new byte[RECORDS][];
    sealed = new byte[RECORDS][];
    long plainBytes = 0;
    for (int i = 0; i < RECORDS; i++) {
      int c = i % keys;
      CustomerCdr r = gen.record(customers.get(c));
      byte[] tag = tagger.tag(r.customer());
      records[i] = r;
      dataKeys[i] = byId.get(ids.get(c));
      storageKeys[i] = StorageKeys.recordKey(tag, r.cdr().start().toEpochMilli(), r.cdr().id().value());
      plaintexts[i] = RecordCodec.encodeToArray(r);
      sealed[i] = RecordSealer.seal(dataKeys[i], storageKeys[i], plaintexts[i], 0, plaintexts[i].length);
      plainBytes += plaintexts[i].length;
    }
    System.out.printf("%n[setup] %d records, %d keys, mean plaintext %d B, sealed %d B%n", RECORDS,
        keys, plainBytes / RECORDS, plainBytes / RECORDS + RecordSealer.OVERHEAD);
  }

  @TearDown
  public void tearDown() {
    TempDirs.deleteRecursively(dir);
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (RECORDS - 1);
    return i;
  }

  /** Encode + seal one record (what {@code RocksCdrStore.write} does per record). */
  @Benchmark
  public byte[] seal() {
    int i = nextIndex();
    RecordCodec.Encoded e = RecordCodec.encode(records[i]);
    return RecordSealer.seal(dataKeys[i], storageKeys[i], e.buffer(), 0, e.length());
  }

  /** Open + decode one record (what the store's read cursor does per record). */
  @Benchmark
  public CustomerCdr open() {
    int i = nextIndex();
    byte[] plain = RecordSealer.open(dataKeys[i], storageKeys[i], sealed[i], "cdr-202603", "record key");
    return RecordCodec.decode(plain);
  }

  /** AES-GCM sealing only, of pre-encoded plaintext. */
  @Benchmark
  public byte[] sealCipherOnly() {
    int i = nextIndex();
    byte[] p = plaintexts[i];
    return RecordSealer.seal(dataKeys[i], storageKeys[i], p, 0, p.length);
  }

  /** AES-GCM opening only, without decoding. */
  @Benchmark
  public byte[] openCipherOnly() {
    int i = nextIndex();
    return RecordSealer.open(dataKeys[i], storageKeys[i], sealed[i], "cdr-202603", "record key");
  }
}
