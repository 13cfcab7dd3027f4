package io.cdrvault.bench;

import io.cdrvault.bench.peer.PeerInput;
import io.cdrvault.bench.peer.PeerLoad;
import io.cdrvault.bench.peer.PeerQuery;
import io.cdrvault.bench.peer.PgCluster;
import io.cdrvault.bench.peer.RowSealer;
import io.cdrvault.bench.support.MemoryKeyStorage;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL peer of {@link EndToEndIngest}: the same CDRs (same simulator, seed 42, same
 * options), decoded and attributed before the timed part into the customer records cdrvault would
 * store, then loaded into a throw-away PostgreSQL cluster with cdrvault's key scheme applied client
 * side (customer tag, per customer-month data key, AES-GCM sealing with the storage key as AAD,
 * blind-index number and prefix tags as indexed columns). The load is binary {@code COPY} in
 * transactions of {@code --batch} rows, sealed on one thread while a second thread COPYs, timed
 * from the first seal to the end of a {@code CHECKPOINT}. Then a customer-month query with
 * client-side open + decode for {@code --queries} random customers.
 *
 * <p>Not the same interval as {@link EndToEndIngest}'s {@code INGEST} figure: that one includes
 * consuming from Kafka, decoding and attribution, which the peer does before its clock starts
 * (reported on the {@code INPUT} line). Both include sealing and indexing; the peer's clock stops
 * after a {@code CHECKPOINT} has written and fsynced everything, cdrvault's when the store's offsets
 * (written with the records, WAL not fsynced) reach the topic's end.
 *
 * <p>Usage: {@code PostgresPeer [--cdrs N] [--customers C] [--batch B] [--malformed F]
 * [--formats all|f1,f2] [--indexes 2|3] [--index-after] [--wal-compression V] [--queries Q]
 * [--dir PARENT]}. The cluster and every file are deleted at the end, also on failure. Exits 1
 * when the rows in the table differ from the simulator's expected stored records.
 */
public final class PostgresPeer {

  record Options(long cdrs, int customers, int batch, double malformed, List<String> formats,
      int indexes, boolean indexAfter, String walCompression, int queries, Path parent) {
    static Options parse(String[] args) {
      long cdrs = 1_000_000;
      int customers = 10_000;
      int batch = 2_000;
      double malformed = 0.001;
      List<String> formats = List.of(CanonicalJsonDecoder.FORMAT);
      int indexes = 3;
      boolean indexAfter = false;
      String walCompression = "on";
      int queries = 20;
      Path parent = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--cdrs" -> cdrs = Long.parseLong(value(args, ++i, a));
          case "--customers" -> customers = Integer.parseInt(value(args, ++i, a));
          case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
          case "--malformed" -> malformed = Double.parseDouble(value(args, ++i, a));
          case "--formats" -> {
            String v = value(args, ++i, a);
            formats = v.equals("all") ? TrafficSimulator.FORMATS : List.of(v.split(","));
          }
          case "--indexes" -> indexes = Integer.parseInt(value(args, ++i, a));
          case "--index-after" -> indexAfter = true;
          case "--wal-compression" -> walCompression = value(args, ++i, a);
          case "--queries" -> queries = Integer.parseInt(value(args, ++i, a));
          case "--dir" -> parent = Path.of(value(args, ++i, a));
          case "-h", "--help" -> {
            System.out.println("PostgresPeer [--cdrs N=1000000] [--customers C=10000] [--batch B=2000] "
                + "[--malformed F=0.001] [--formats all|f1,f2 = canonical-json] [--indexes 2|3 = 3] "
                + "[--index-after] [--wal-compression on|off|pglz|lz4|zstd = on] [--queries Q=20] "
                + "[--dir PARENT]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
        }
      }
      if (cdrs < 1 || customers < 2 || batch < 1 || malformed < 0 || malformed > 1
          || (indexes != 2 && indexes != 3) || queries < 0) {
        throw new IllegalArgumentException("options out of range (try --help)");
      }
      return new Options(cdrs, customers, batch, malformed, formats, indexes, indexAfter,
          walCompression, queries, parent);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      return args[i];
    }
  }

  private PostgresPeer() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path work = o.parent() == null ? TempDirs.create("cdrvault-pgpeer")
        : Files.createTempDirectory(Files.createDirectories(o.parent()), "cdrvault-pgpeer");
    System.out.printf(Locale.ROOT, "postgres peer: cdrs=%d customers=%d batch=%d malformed=%.4f formats=%s "
        + "indexes=%d%s cores=%d maxHeap=%d MiB jdk=%s dir=%s%n", o.cdrs(), o.customers(), o.batch(),
        o.malformed(), String.join(",", o.formats()), o.indexes(), o.indexAfter() ? " (after the load)" : "",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"), work);
    boolean ok;
    PgCluster[] cluster = new PgCluster[1];
    Thread cleanup = new Thread(() -> { // Ctrl-C: still stop the server and delete everything
      if (cluster[0] != null) {
        cluster[0].close();
      }
      TempDirs.deleteRecursively(work);
    }, "pgpeer-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      // the server (run as OS user postgres when this is root) must reach its directory inside
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
      ok = run(o, work, cluster);
    } catch (Exception | Error e) {
      e.printStackTrace();
      ok = false;
    } finally {
      if (cluster[0] != null) {
        cluster[0].close();
      }
      TempDirs.deleteRecursively(work);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * The server settings: what a DBA tunes on a bulk-loading box. With {@code max_wal_size=8GB} and
   * {@code checkpoint_timeout=30min} no checkpoint starts during a load of a few million rows, so
   * the WAL holds no full-page images and {@code wal_compression} changes nothing (measured at
   * 100,000 CDRs: 725 WAL bytes per row with {@code pglz} and without); it matters only for loads
   * that span checkpoints.
   */
  static Map<String, String> settings(Options o) {
    return serverSettings(o.walCompression());
  }

  /** The server settings of {@link #settings(Options)} with {@code wal_compression} set to {@code walCompression}. */
  public static Map<String, String> serverSettings(String walCompression) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("shared_buffers", "1GB");
    s.put("max_wal_size", "8GB");
    s.put("checkpoint_timeout", "30min");
    s.put("wal_compression", walCompression);
    // commits return before their WAL is flushed: a crash loses the last transactions (< 3 x
    // wal_writer_delay), never consistency; the same promise as cdrvault's WAL without fsync
    s.put("synchronous_commit", "off");
    s.put("fsync", "on");
    s.put("full_page_writes", "on");
    s.put("autovacuum", "off");
    s.put("maintenance_work_mem", "512MB");
    return s;
  }

  private static boolean run(Options o, Path work, PgCluster[] cluster) throws Exception {
    TrafficSimulator sim = TrafficSimulator.builder().seed(42).customers(o.customers())
        .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(30))
        .formats(o.formats()).malformedFraction(o.malformed()).build();
    PeerInput in = PeerInput.generate(sim, o.cdrs(), o.batch());
    long expected = sim.tally().storedRecords();
    System.out.printf(Locale.ROOT, "INPUT    %,d CDRs generated in %.2f s, decoded + correlated + attributed "
        + "(one thread, windows of %,d) in %.2f s = %,.0f CDR/s -> %,d customer records (simulator "
        + "expected %,d); payloads stored %,d, rejected %,d, skipped %,d, with an unattributed CDR %,d; "
        + "not timed; heap in use %,d MiB%n", o.cdrs(), in.generateSeconds(), o.batch(), in.decodeSeconds(),
        o.cdrs() / in.decodeSeconds(), in.records().size(), expected, in.stored(), in.rejected(),
        in.skipped(), in.unattributed(),
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);

    Map<String, String> settings = settings(o);
    cluster[0] = PgCluster.start(work.resolve("pg"), settings);
    PgCluster pg = cluster[0];
    String fullVersion = pg.serverVersion().replaceFirst("^postgres \\(PostgreSQL\\) ", "");
    String version = fullVersion.split(" ")[0];
    System.out.printf(Locale.ROOT, "cluster  PostgreSQL %s from %s, 127.0.0.1:%d%s%n", fullVersion, pg.bin(),
        pg.port(), pg.runsAsPostgresUser() ? ", server as OS user postgres" : "");
    Keyring keyring = Keyring.create(work.resolve("bench-keys.p12"), "PKCS12", "bench-only".toCharArray());
    HmacCustomerTagger tagger = HmacCustomerTagger.create(keyring);
    DataKeyManager dataKeys = DataKeyManager.create(keyring, new MemoryKeyStorage(),
        StoreSettings.DEFAULT_DEK_CACHE_SIZE);
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
      printSettings(c, settings);
      List<String> indexes = indexes(o.indexes());
      try (Statement st = c.createStatement()) {
        st.execute(RowSealer.CREATE_TABLE);
        if (!o.indexAfter()) {
          for (String ddl : indexes) {
            st.execute(ddl);
          }
        }
      }
      System.out.printf(Locale.ROOT, "schema   cdr(%s), PRIMARY KEY (customer, start_ms, record_id); %s%n",
          RowSealer.COLUMNS, String.join("; ", indexes));
      long walBefore = walBytes(c);
      PeerLoad.Result load = PeerLoad.run(pg.jdbcUrl(), new RowSealer(tagger, dataKeys), in.records(),
          o.batch(), o.indexAfter() ? indexes : List.of());
      long wal = walBytes(c) - walBefore;
      long rows = count(c);
      long tableBytes = longQuery(c, "SELECT pg_relation_size('cdr')");
      long indexBytes = longQuery(c, "SELECT pg_indexes_size('cdr')");
      String indexNote = o.indexes() == 3 ? "pk + calling_tag, called_tag, prefix_tag"
          : "pk + calling_tag, called_tag (no prefix index)";
      System.out.printf(Locale.ROOT, "PEER     postgresql %s: %,d rows in %.2f s = %,.0f rows/s (= %,.0f CDR/s "
          + "of input) (indexes: %s, %s; COPY binary, %,d rows per transaction, seal thread + COPY "
          + "thread; synchronous_commit=off, fsync=on, full_page_writes=on, wal_compression=%s; "
          + "timed first seal -> CHECKPOINT done)%n", version, rows, load.seconds(), rows / load.seconds(),
          o.cdrs() / load.seconds(), indexNote, o.indexAfter() ? "built after the load, in the time"
              : "present before the load", o.batch(), o.walCompression());
      System.out.printf(Locale.ROOT, "         %,d transactions; seal thread busy %.2f s (%,.0f rec/s), COPY "
          + "thread in COPY+commit %.2f s%s, CHECKPOINT %.2f s; WAL %,d MiB (%,d B/row); table %,d MiB, "
          + "indexes %,d MiB%n", load.batches(), load.sealSeconds(), rows / load.sealSeconds(),
          load.copySeconds(), o.indexAfter() ? String.format(Locale.ROOT, ", index build %.2f s",
              load.indexSeconds()) : "", load.checkpointSeconds(), wal >> 20, rows == 0 ? 0 : wal / rows,
          tableBytes >> 20, indexBytes >> 20);
      if (o.queries() > 0) {
        PeerQuery.run(c, sim, tagger, dataKeys, o.queries());
      }
      boolean ok = rows == expected && rows == in.records().size();
      System.out.printf(Locale.ROOT, "CHECK    rows in the table %,d, customer records %,d, simulator "
          + "expected %,d: %s%n", rows, in.records().size(), expected, ok ? "equal" : "MISMATCH");
      return ok;
    }
  }

  static List<String> indexes(int n) {
    List<String> out = new ArrayList<>();
    out.add("CREATE INDEX cdr_calling ON cdr (calling_tag)");
    out.add("CREATE INDEX cdr_called ON cdr (called_tag)");
    if (n == 3) {
      out.add("CREATE INDEX cdr_prefix ON cdr (prefix_tag)");
    }
    return out;
  }

  private static void printSettings(Connection c, Map<String, String> set) throws SQLException {
    List<String> names = new ArrayList<>(set.keySet());
    names.addAll(List.of("wal_level", "wal_buffers", "checkpoint_completion_target", "work_mem",
        "max_parallel_maintenance_workers", "wal_writer_delay"));
    StringBuilder sb = new StringBuilder("settings");
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT name, current_setting(name), source FROM pg_settings "
             + "WHERE name IN ('" + String.join("','", names) + "') ORDER BY name")) {
      while (rs.next()) {
        sb.append(' ').append(rs.getString(1)).append('=').append(rs.getString(2))
            .append(set.containsKey(rs.getString(1)) ? "" : " (default)").append(';');
      }
    }
    System.out.println(sb);
  }

  private static long walBytes(Connection c) throws SQLException {
    return longQuery(c, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
  }

  private static long count(Connection c) throws SQLException {
    return longQuery(c, "SELECT count(*) FROM cdr");
  }

  private static long longQuery(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
