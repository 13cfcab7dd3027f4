package io.cdrvault.bench.crypto;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RecordCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The non-cipher parts of the per-record write and read paths, to split {@link SealBenchmark}'s
 * numbers: {@link RecordCodec} encode / decode of a ≈ 250-byte record, and the customer tag
 * (HMAC-SHA256) that {@code RocksCdrStore.write} computes once per record, and the 12 random
 * nonce bytes {@code RecordSealer} draws per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  private static final int RECORDS = 1024;
  private CustomerCdr[] records;
  private byte[][] encoded;
  private HmacCustomerTagger tagger;
  private final java.security.SecureRandom nonces = new java.security.SecureRandom();
  private final byte[] nonce = new byte[12];
  private int next;

  @Setup
  public void setUp() {
    Path dir = TempDirs.create("cdrvault-codec-bench");
    try {
      tagger = HmacCustomerTagger.create(
          Keyring.create(dir.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray()));
    } finally {
      TempDirs.deleteRecursively(dir);
    }
    List<CustomerId> customers = BenchRecords.customers(200);
    BenchRecords gen = BenchRecords.seeded(7, 1);
    records = new CustomerCdr[RECORDS];
    encoded = new byte[RECORDS][];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = gen.record(customers.get(i % customers.size()));
      encoded[i] = RecordCodec.encodeToArray(records[i]);
    }
    System.out.printf("%n[setup] SecureRandom algorithm: %s%n", nonces.getAlgorithm());
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (RECORDS - 1);
    return i;
  }

  @Benchmark
  public int encode() {
    return RecordCodec.encode(records[nextIndex()]).length();
  }

  @Benchmark
  public CustomerCdr decode() {
    return RecordCodec.decode(encoded[nextIndex()]);
  }

  /** 12 nonce bytes from a reused default {@code SecureRandom}, as {@code RecordSealer} draws them. */
  @Benchmark
  public byte[] nonce() {
    nonces.nextBytes(nonce);
    return nonce;
  }

  @Benchmark
  public byte[] customerTag() {
    return tagger.tag(records[nextIndex()].customer());
  }
}
