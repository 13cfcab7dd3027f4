package io.cdrvault.bench.store;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One {@link IngestBatch} of {@value #BATCH} records (of {@code customers} = 200 or 10,000 customers:
 * ≈ 5 records per customer per batch, or almost every record another customer's, one month)
 * written through the real {@link RocksCdrStore#write}: customer tags (HMAC), data keys, sorting,
 * {@code RecordCodec} + AES-GCM sealing, one RocksDB {@code WriteBatch} with the offsets, WAL on,
 * no sync. Score is records/s ({@code @OperationsPerInvocation(1000)}).
 *
 * <p>Every invocation writes fresh record ids (inserts, not overwrites). The store is opened in a
 * new temporary directory for every iteration and deleted after it, so the database does not grow
 * across iterations. Run with {@code -t 2} for two writer threads on one store.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchWriteBenchmark {
  static final int BATCH = 1000;
  /** Templates per thread: ten batches' worth, so 10,000 customers' batches differ. */
  static final int TEMPLATES = 10 * BATCH;
  static final String TOPIC = "cdr-bench";

  /** The store, shared by all writer threads; a fresh one per iteration. */
  @State(Scope.Benchmark)
  public static class StoreState {
    Path keyDir;
    Keyring keyring;
    Path dataDir;
    RocksCdrStore store;

    @Setup(Level.Trial)
    public void keyring() {
      keyDir = TempDirs.create("cdrvault-batch-bench-keys");
      keyring = Keyring.create(keyDir.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray());
    }

    @Setup(Level.Iteration)
    public void open() {
      dataDir = TempDirs.create("cdrvault-batch-bench");
      store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
          Clock.systemUTC());
    }

    @TearDown(Level.Iteration)
    public void close() {
      long bytes = TempDirs.sizeOf(dataDir);
      store.close();
      System.out.printf("[store] %.1f MiB on disk at iteration end%n", bytes / 1048576.0);
      TempDirs.deleteRecursively(dataDir);
    }

    @TearDown(Level.Trial)
    public void deleteKeys() {
      TempDirs.deleteRecursively(keyDir);
    }
  }

  /** Per writer thread: a fixed mix of records, re-issued with fresh ids for every invocation. */
  @State(Scope.Thread)
  public static class BatchState {
    /** Customers the records belong to (200: ≈ 5 per customer per batch; 10,000: the e2e mix). */
    @Param({"200", "10000"})
    public int customers;
    private BenchRecords gen;
    private int next;
    private CustomerCdr[] templates;
    private SourcePartition partition;
    private long offset;
    IngestBatch batch;

    @Setup(Level.Trial)
    public void templates(ThreadParams thread) {
      int t = thread.getThreadIndex();
      gen = BenchRecords.seeded(11 + t, ((long) t + 1) << 40);
      List<CustomerId> ids = BenchRecords.customers(customers);
      List<CustomerCdr> list = new ArrayList<>(TEMPLATES);
      for (int i = 0; i < TEMPLATES; i++) {
        list.add(gen.record(ids.get(i % customers)));
      }
      Collections.shuffle(list, new Random(3 + t)); // arrival order is not customer order
      templates = list.toArray(new CustomerCdr[0]);
      partition = new SourcePartition(TOPIC, t);
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      List<CustomerCdr> records = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        records.add(gen.withFreshId(templates[next]));
        next = (next + 1) % TEMPLATES;
      }
      offset += BATCH;
      batch = new IngestBatch(records, Map.of(partition, offset));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void writeBatch(StoreState s, BatchState b) {
    s.store.write(b.batch);
  }
}
