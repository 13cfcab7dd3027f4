package io.cdrvault.bench.peer;

import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.RecordSealer;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RecordCodec;
import io.cdrvault.store.rocks.StorageKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The customer-month read on the peer: {@code SELECT … WHERE customer = ? AND start_ms >= ? AND
 * start_ms < ? ORDER BY start_ms} (the primary key's range) for March 2026, each row opened with
 * the customer-month data key ({@link RecordSealer#open}, the rebuilt storage key as AAD) and
 * decoded ({@link RecordCodec#decode}) on the client. {@code n} customers drawn at random (seed 7)
 * from the simulator's customers; one untimed pass (JIT, plan), then a timed one. Prints one
 * {@code QUERY} line. Stateless.
 */
public final class PeerQuery {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  /** The customer-month query; parameters: customer tag, from and to in epoch milliseconds. */
  public static final String MONTH_SQL = "SELECT start_ms, record_id, sealed FROM cdr WHERE customer = ? "
      + "AND start_ms >= ? AND start_ms < ? ORDER BY start_ms";

  private PeerQuery() {}

  /** Runs the queries on {@code c} and prints the result line. */
  public static void run(Connection c, TrafficSimulator sim, HmacCustomerTagger tagger,
      DataKeyManager dataKeys, int n) throws SQLException {
    List<TrafficSimulator.Customer> all = new ArrayList<>(sim.customers());
    Collections.shuffle(all, new Random(7));
    List<CustomerId> picked = all.subList(0, Math.min(n, all.size())).stream()
        .map(TrafficSimulator.Customer::id).toList();
    try (PreparedStatement ps = c.prepareStatement(MONTH_SQL)) {
      ps.setFetchSize(1000);
      for (CustomerId id : picked) {
        readMonth(ps, tagger, dataKeys, id);
      }
      double[] ms = new double[picked.size()];
      long rows = 0;
      int i = 0;
      for (CustomerId id : picked) {
        long t = System.nanoTime();
        rows += readMonth(ps, tagger, dataKeys, id);
        ms[i++] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(ms);
      double mean = Arrays.stream(ms).average().orElse(Double.NaN);
      System.out.printf(Locale.ROOT, "QUERY    customer-month (March 2026) by (customer, start_ms) with "
          + "client-side open + decode, %d random customers, second pass: mean %.2f ms, p50 %.2f ms, "
          + "p99 %.2f ms, max %.2f ms; %,d rows (mean %.0f per customer)%n", ms.length, mean,
          rank(ms, 0.5), rank(ms, 0.99), ms.length == 0 ? Double.NaN : ms[ms.length - 1], rows,
          ms.length == 0 ? 0.0 : (double) rows / ms.length);
    }
  }

  /**
   * Reads, opens and decodes one customer's March 2026 with {@code ps} (prepared from
   * {@link #MONTH_SQL}); returns the rows.
   */
  public static long readMonth(PreparedStatement ps, HmacCustomerTagger tagger, DataKeyManager dataKeys,
      CustomerId id) throws SQLException {
    byte[] tag = tagger.tag(id);
    DataKey key = dataKeys.forRead(DekId.of(tag, StorageKeys.monthOf(FROM))).orElse(null);
    ps.setBytes(1, tag);
    ps.setLong(2, FROM.toEpochMilli());
    ps.setLong(3, TO.toEpochMilli());
    long rows = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (key == null) {
          throw new IllegalStateException("a customer's rows exist without a data key");
        }
        byte[] aad = RowSealer.storageKey(tag, rs.getLong(1), rs.getBytes(2));
        CustomerCdr r = RecordCodec.decode(RecordSealer.open(key, aad, rs.getBytes(3), "cdr", "row"));
        if (!r.customer().equals(id)) {
          throw new IllegalStateException("a row opened to another customer's record");
        }
        rows++;
      }
    }
    return rows;
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  public static double rank(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
