package io.cdrvault.bench.read;

import io.cdrvault.bench.PostgresPeer;
import io.cdrvault.bench.peer.PeerLoad;
import io.cdrvault.bench.peer.PeerQuery;
import io.cdrvault.bench.peer.PgCluster;
import io.cdrvault.bench.peer.RowSealer;
import io.cdrvault.bench.support.MemoryKeyStorage;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The PostgreSQL peer of the customer-month read: a throw-away cluster ({@link PgCluster}, the
 * settings of {@link PostgresPeer#serverSettings}), the records sealed client side with cdrvault's
 * key scheme ({@link RowSealer}: customer tag, customer-month data key, AES-GCM with the storage key
 * as AAD) and loaded with binary COPY ({@link PeerLoad}) into {@link RowSealer#CREATE_TABLE} — whose
 * primary key {@code (customer, start_ms, record_id)} is the index on (customer, start) — in the
 * order given, then {@code VACUUM ANALYZE}. Then the heavy customer's month with
 * {@link PeerQuery#readMonth} (prepared statement, client-side open + decode of every row), timed
 * as rows lie after the load, and again after {@code CLUSTER cdr USING cdr_pkey} (the customer's
 * rows contiguous in the heap: PostgreSQL's best case). Stateless.
 */
final class PeerRead {
  private PeerRead() {}

  /**
   * @param version server version
   * @param rows rows loaded
   * @param loadSeconds first seal to CHECKPOINT done
   * @param arrival the heavy customer's month, rows in load order
   * @param clustered the same after CLUSTER
   * @param arrivalPlan the query's plan before CLUSTER (EXPLAIN, costs left out)
   * @param clusteredPlan the plan after CLUSTER
   */
  record Result(String version, long rows, double loadSeconds, Latencies arrival, Latencies clustered,
      String arrivalPlan, String clusteredPlan) {}

  /**
   * Loads {@code records} into a new cluster under {@code work} and times {@code heavy}'s month;
   * {@code started} gets the cluster once it runs (to stop it from a shutdown hook).
   */
  static Result run(Path work, List<CustomerCdr> records, CustomerId heavy, long expected, int warmup,
      int reps, Consumer<PgCluster> started) throws Exception {
    // the server (run as OS user postgres when this is root) must reach its directory inside
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    try (PgCluster pg = PgCluster.start(work.resolve("pg"), PostgresPeer.serverSettings("on"))) {
      started.accept(pg);
      String version = pg.serverVersion().replaceFirst("^postgres \\(PostgreSQL\\) ", "");
      Keyring keyring = Keyring.create(work.resolve("peer-keys.p12"), "PKCS12", "bench-only".toCharArray());
      HmacCustomerTagger tagger = HmacCustomerTagger.create(keyring);
      DataKeyManager dataKeys = DataKeyManager.create(keyring, new MemoryKeyStorage(),
          StoreSettings.DEFAULT_DEK_CACHE_SIZE);
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
        execute(c, RowSealer.CREATE_TABLE);
        PeerLoad.Result load = PeerLoad.run(pg.jdbcUrl(), new RowSealer(tagger, dataKeys), records, 2_000,
            List.of());
        execute(c, "VACUUM ANALYZE cdr");
        long rows = count(c);
        if (rows != records.size()) {
          throw new IllegalStateException("the peer holds " + rows + " rows of " + records.size());
        }
        Latencies arrival = month(c, tagger, dataKeys, heavy, expected, warmup, reps);
        String arrivalPlan = plan(c, tagger.tag(heavy));
        execute(c, "CLUSTER cdr USING cdr_pkey");
        execute(c, "ANALYZE cdr");
        Latencies clustered = month(c, tagger, dataKeys, heavy, expected, warmup, reps);
        return new Result(version, rows, load.seconds(), arrival, clustered, arrivalPlan,
            plan(c, tagger.tag(heavy)));
      }
    }
  }

  private static Latencies month(Connection c, HmacCustomerTagger tagger, DataKeyManager dataKeys,
      CustomerId heavy, long expected, int warmup, int reps) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(PeerQuery.MONTH_SQL)) {
      ps.setFetchSize(1000); // ignored with autocommit on: the driver reads the whole result at once
      return Latencies.measure("peer customer month", warmup, reps, expected,
          () -> PeerQuery.readMonth(ps, tagger, dataKeys, heavy));
    }
  }

  /** The plan, lines joined by "; " ({@code EXPLAIN} with the heavy customer's parameters). */
  private static String plan(Connection c, byte[] tag) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + PeerQuery.MONTH_SQL)) {
      ps.setBytes(1, tag);
      ps.setLong(2, ReadDataset.FROM.toEpochMilli());
      ps.setLong(3, ReadDataset.TO.toEpochMilli());
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // costs left out; the customer tag (a pseudonym) and the bounds shown as $1..$3
          lines.add(rs.getString(1).strip().replaceAll("\\s*\\(cost=.*", "")
              .replaceAll("'\\\\x[0-9a-f]+'::bytea", "\\$1")
              .replace("'" + ReadDataset.FROM.toEpochMilli() + "'::bigint", "$2")
              .replace("'" + ReadDataset.TO.toEpochMilli() + "'::bigint", "$3"));
        }
      }
      return String.join("; ", lines);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM cdr")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** One line per setting that shapes the read, for the output. */
  static String describe() {
    return String.format(Locale.ROOT, "settings of PostgresPeer (%s); table %s; prepared statement "
        + "(server-side after pgjdbc's 5th execution, so during warm-up), autocommit on so the driver "
        + "fetches the whole result in one round trip; rows opened (AES-GCM, storage key as AAD) and "
        + "decoded on the client, in-process, over TCP 127.0.0.1", PostgresPeer.serverSettings("on"),
        "cdr(customer, start_ms, record_id, …, sealed) PRIMARY KEY (customer, start_ms, record_id), no other index");
  }
}
