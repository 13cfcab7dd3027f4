package io.cdrvault.bench.e2e;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Fills a store with {@code n} records before an ingest run, for the growth measurement: records of
 * the run's own customers in the run's month (March 2026), written through the real
 * {@link RocksCdrStore#write} (tags, data keys, sealing, blind-index entries) in batches, without
 * offsets, on a store opened for the preload alone (the ingest then reopens it, as a node restarts
 * on a big store). Record ids start at 10^12 so they never meet the simulator's.
 */
public final class StorePreload {
  private static final int BATCH = 5_000;

  private StorePreload() {}

  /** Writes {@code n} records for {@code customers}; prints progress and the rate. */
  public static void preload(RocksCdrStore store, List<CustomerId> customers, long n) {
    if (n <= 0) {
      return;
    }
    BenchRecords gen = BenchRecords.seeded(2026, 1_000_000_000_000L);
    SplittableRandom rnd = new SplittableRandom(2026);
    double s = write(store, n, () -> gen.record(customers.get(rnd.nextInt(customers.size()))));
    System.out.printf(Locale.ROOT, "PRELOAD  %,d records written to the store in %.1f s = %,.0f rec/s "
        + "(store.write, batches of %,d, no Kafka)%n", n, s, n / s, BATCH);
  }

  /**
   * Writes the next {@code n} records of {@code next} through {@link RocksCdrStore#write} in
   * batches of {@value #BATCH} without offsets, printing progress every 30 s; returns the seconds.
   */
  public static double write(RocksCdrStore store, long n, Supplier<CustomerCdr> next) {
    long t0 = System.nanoTime();
    long lastReport = t0;
    long done = 0;
    while (done < n) {
      int size = (int) Math.min(BATCH, n - done);
      List<CustomerCdr> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(next.get());
      }
      store.write(new IngestBatch(batch, Map.of()));
      done += size;
      long now = System.nanoTime();
      if (now - lastReport > 30_000_000_000L) {
        lastReport = now;
        System.out.printf(Locale.ROOT, "  preloaded %,d of %,d (%.0f s)%n", done, n, (now - t0) / 1e9);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
