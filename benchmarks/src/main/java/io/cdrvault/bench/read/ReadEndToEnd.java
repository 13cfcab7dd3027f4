package io.cdrvault.bench.read;

import io.cdrvault.bench.peer.PgCluster;
import io.cdrvault.bench.support.ProcessMemory;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end read benchmark (issue 14): a store pre-loaded through {@code RocksCdrStore.write}
 * ({@link ReadDataset}: ordinary customers, one heavy customer, one number in many records, all in
 * March 2026; flushed and compacted), the real HTTP API on 127.0.0.1 ({@link ApiNode}) with the
 * shipped {@code config/policy.yaml}, and sequential reads over HTTP with {@code java.net.http}
 * ({@link ApiReads}: the heavy customer's month as NDJSON, its usage, a FRAUD number lookup over 31
 * days, the billing run), plus the same customer month read at store level. Then, in the same run,
 * the PostgreSQL peer ({@link PeerRead}) of the customer month, and the ratios.
 *
 * <p>Every read's record count is checked against what was loaded; the process exits 1 when one
 * differs or anything fails. The temporary directory (store, keys, PostgreSQL cluster) is deleted at
 * the end. Output holds counts and times, never a customer id or number.
 *
 * <p>Usage: see {@link ReadOptions#USAGE}; run it with {@code benchmarks/read-e2e.sh}.
 */
public final class ReadEndToEnd {
  /** The peer's cluster while it runs, for the shutdown hook. */
  private static final AtomicReference<PgCluster> CLUSTER = new AtomicReference<>();

  private ReadEndToEnd() {}

  public static void main(String[] args) throws Exception {
    ReadOptions o = ReadOptions.parse(args);
    Path work = o.parent() == null ? TempDirs.create("cdrvault-read-e2e")
        : Files.createTempDirectory(Files.createDirectories(o.parent()), "cdrvault-read-e2e");
    System.out.printf(Locale.ROOT, "read e2e: customers=%d (+ one heavy among them) perCustomer=%d heavy=%d "
        + "numberRecords=%d warmup=%d reps=%d longReps=%d (after 1 warm-up) peer=%s cores=%d maxHeap=%d MiB "
        + "jdk=%s start=%s%n", o.customers() - 1, o.perCustomer(), o.heavy(), o.numberRecords(), o.warmup(),
        o.reps(), o.longReps(), o.peer(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), Instant.now());
    Thread cleanup = new Thread(() -> { // Ctrl-C: still stop PostgreSQL and delete everything
      PgCluster pg = CLUSTER.get();
      if (pg != null) {
        pg.close();
      }
      TempDirs.deleteRecursively(work);
    }, "read-e2e-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean ok;
    try {
      ok = run(o, work);
    } catch (Latencies.CountMismatch e) {
      System.out.println("CHECK    FAILED: " + e.getMessage());
      ok = false;
    } catch (Exception | Error e) {
      e.printStackTrace();
      ok = false;
    } finally {
      TempDirs.deleteRecursively(work);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    System.exit(ok ? 0 : 1);
  }

  private static boolean run(ReadOptions o, Path work) throws Exception {
    ReadDataset data = new ReadDataset(o.customers(), o.perCustomer(), o.heavy(), o.numberRecords());
    Latencies api;
    Latencies storeLevel;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      Keyring keyring = Keyring.create(work.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray());
      try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(work.resolve("store")), keyring,
          registry, Clock.systemUTC())) {
        data.load(store);
        System.out.printf(Locale.ROOT, "STORE    on disk after compaction: %,d MiB%n",
            TempDirs.sizeOf(work.resolve("store")) >> 20);
        PolicyEngine engine = PolicyEngine.create(PolicyFile.load(o.policy()), store, Clock.systemUTC());
        try (ApiNode node = ApiNode.start(store, engine, registry)) {
          System.out.printf(Locale.ROOT, "API      ApiServer (Javalin) on 127.0.0.1, policy %s, bench tokens, "
              + "rate limit raised to %,d/s; client java.net.http HTTP/1.1, one connection, sequential, "
              + "whole body read, NDJSON lines counted and checked%n", o.policy(), ApiNode.RATE_LIMIT);
          ApiReads reads = new ApiReads(new ApiClient(node.baseUrl()), data, o);
          api = reads.customerMonth();
          reads.usage();
          storeLevel = reads.storeMonth(engine, store);
          reads.numberLookup();
          reads.billingRun();
        }
      }
    } finally {
      registry.close();
    }
    System.out.printf(Locale.ROOT, "MEMORY   after the cdrvault part: heap pools' peaks %,d MiB (max heap %,d MiB), "
        + "%s, whole process)%n", ProcessMemory.heapPoolPeaks() >> 20, Runtime.getRuntime().maxMemory() >> 20,
        ProcessMemory.rssOpen());
    if (o.peer()) {
      peer(o, work, data, api, storeLevel);
    } else {
      System.out.println("PEER     skipped (--no-peer)");
    }
    System.out.printf(Locale.ROOT, "MEMORY   end: heap pools' peaks %,d MiB, %s, this JVM; PostgreSQL runs in "
        + "its own processes)%n", ProcessMemory.heapPoolPeaks() >> 20, ProcessMemory.rssOpen());
    System.out.println("CHECK    every read returned the records loaded");
    return true;
  }

  private static void peer(ReadOptions o, Path work, ReadDataset data, Latencies api, Latencies storeLevel)
      throws Exception {
    var records = data.peerRecords();
    PeerRead.Result r = PeerRead.run(work, records, data.heavyCustomer(), data.heavy(), o.warmup(), o.reps(),
        CLUSTER::set);
    records = null; // the peer's copy is in the table now
    System.out.printf(Locale.ROOT, "PEER     PostgreSQL %s: %,d rows (the heavy customer's %,d + %,d customers "
        + "x %d, in start-time order; the %,d number records are not loaded: the peer is read by customer "
        + "only) sealed client side and COPY-loaded in %.1f s%n", r.version(), r.rows(), data.heavy(),
        o.customers() - 1, o.perCustomer(), data.numberRecords(), r.loadSeconds());
    System.out.println("         " + PeerRead.describe());
    System.out.printf(Locale.ROOT, "PEER     customer month (%,d rows, open + decode), rows in load order: %s%n"
        + "         plan: %s%n", data.heavy(), r.arrival().summary(), r.arrivalPlan());
    System.out.printf(Locale.ROOT, "PEER     customer month after CLUSTER cdr USING cdr_pkey: %s%n         plan: %s%n",
        r.clustered().summary(), r.clusteredPlan());
    double pg = Math.min(r.arrival().p50(), r.clustered().p50());
    System.out.printf(Locale.ROOT, "RATIO    PG p50 / cdrvault p50, customer month (PG's better p50, %.2f ms):%n"
        + "         store level (decision + cursor + open + decode, both in-process: like for like): "
        + "%.2f ms -> %.2f%n"
        + "         through the API (HTTP + projection + NDJSON + client read; the PG figure has no HTTP and "
        + "no JSON): %.2f ms -> %.2f%n", pg, storeLevel.p50(), pg / storeLevel.p50(), api.p50(), pg / api.p50());
    System.out.printf(Locale.ROOT, "TARGET   cdrvault >= 3x faster than the peer and p50 <= 10 ms: store level %s, "
        + "API %s%n", met(pg, storeLevel.p50()), met(pg, api.p50()));
  }

  private static String met(double pg, double ours) {
    return pg / ours >= 3 && ours <= 10 ? "MET" : String.format(Locale.ROOT, "NOT MET (%.2fx, %.2f ms)",
        pg / ours, ours);
  }
}
