package io.cdrvault.bench.store;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.bench.support.GrantedRead;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads as the billing job and a fraud analyst make them, through the real policy engine (each
 * operation is one audited decision, as one API request is) and the real store cursor (RocksDB
 * prefix scan, AES-GCM open, decode), on a store of 10,000 customers × 10 records of March 2026
 * plus a heavy customer with 10,000 records that month and one number appearing as the calling
 * party of 10,000 records of random customers — flushed and compacted, so reads come from SST
 * files. Sample-time mode: p50/p99 per operation.
 *
 * <ul>
 *   <li>{@code customerMonth}: BILLING, the heavy customer's March (10,000 records);</li>
 *   <li>{@code customerMonthSmall}: BILLING, an ordinary customer's March (≈ 10 records);</li>
 *   <li>{@code numberLookup31Days}: FRAUD (with a case reference, as the policy requires), the
 *       number over 31 days through the blind index (10,000 matching records).</li>
 * </ul>
 * Not covered here: HTTP, projection and NDJSON (issue 14's API-level measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReadBenchmark {
  static final int CUSTOMERS = 10_000;
  static final int PER_CUSTOMER = 10;
  static final int HEAVY = 10_000;
  static final int NUMBER_HITS = 10_000;
  static final String NUMBER = "+12025550143";
  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  private Path dir;
  private RocksCdrStore store;
  private PolicyEngine engine;
  private CustomerId heavy;
  private List<CustomerId> customers;
  private final SplittableRandom pick = new SplittableRandom(9);

  @Setup(Level.Trial)
  public void load() {
    dir = TempDirs.create("cdrvault-read-bench");
    Keyring keyring = Keyring.create(dir.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray());
    store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring,
        new SimpleMeterRegistry(), Clock.systemUTC());
    customers = BenchRecords.customers(CUSTOMERS);
    heavy = customers.get(0);
    BenchRecords gen = BenchRecords.seeded(5, 1);
    SplittableRandom rnd = new SplittableRandom(5);
    List<CustomerCdr> batch = new ArrayList<>();
    for (CustomerId c : customers) {
      for (int i = 0; i < PER_CUSTOMER; i++) {
        add(batch, gen.record(c));
      }
    }
    for (int i = 0; i < HEAVY; i++) {
      add(batch, gen.record(heavy));
    }
    PhoneNumber number = PhoneNumber.e164("2025550143", NUMBER);
    for (int i = 0; i < NUMBER_HITS; i++) {
      CustomerCdr r = gen.record(customers.get(1 + rnd.nextInt(CUSTOMERS - 1)));
      add(batch, new CustomerCdr(r.customer(), r.direction(), r.cdr().toBuilder().calling(number).build()));
    }
    flush(batch);
    store.flushAndCompact();
    engine = PolicyEngine.create(new Policy(Map.of("billing", Set.of(Purpose.BILLING),
        "fraud", Set.of(Purpose.FRAUD))), store, Clock.systemUTC());
  }

  private void add(List<CustomerCdr> batch, CustomerCdr r) {
    batch.add(r);
    if (batch.size() == 5_000) {
      flush(batch);
    }
  }

  private void flush(List<CustomerCdr> batch) {
    if (!batch.isEmpty()) {
      store.write(new IngestBatch(List.copyOf(batch), Map.of()));
      batch.clear();
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    TempDirs.deleteRecursively(dir);
  }

  @Benchmark
  public long customerMonth() {
    return read("billing", Purpose.BILLING, new AccessScope.Customer(heavy), HEAVY);
  }

  @Benchmark
  public long customerMonthSmall() {
    CustomerId c = customers.get(1 + pick.nextInt(CUSTOMERS - 1));
    return read("billing", Purpose.BILLING, new AccessScope.Customer(c), -1);
  }

  @Benchmark
  public long numberLookup31Days() {
    return read("fraud", Purpose.FRAUD, new AccessScope.Party(NUMBER), NUMBER_HITS);
  }

  /** One audited decision and a full read of its records; checks the count when given. */
  private long read(String role, Purpose purpose, AccessScope.Target target, int expected) {
    GrantedRead.Result r = GrantedRead.read(engine, store, new Principal("bench-" + role, Set.of(role),
        Optional.empty()), purpose, new AccessScope(target, FROM, TO),
        purpose == Purpose.FRAUD ? Optional.of("fraud-case-2026-031") : Optional.empty());
    if (expected >= 0 && r.records() < expected) {
      throw new IllegalStateException("read " + r.records() + " records, expected at least " + expected);
    }
    return r.records() + r.billableSeconds();
  }
}
