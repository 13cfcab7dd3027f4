package io.cdrvault.bench;

import io.cdrvault.bench.support.BenchRecords;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.query.legal.export.VerificationReport;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.crypto.EncryptedSpool;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streamed legal export end to end (issue 14): a real {@link RocksCdrStore} is filled with
 * {@code --records N} records (default 1,000,000) in which one number is a party, spread over
 * {@code --customers C} customers (default 10,000), flushed and compacted; a WARRANT on that number
 * for March 2026 is registered and approved by two people; then the real API (policy engine, audit,
 * Ed25519 signer) serves {@code POST /v1/legal/requests/{id}/export} and an HTTP client in the same
 * JVM downloads the zip to a file. Reports the time to the first byte (every record read, projected
 * and sorted, runs spooled encrypted), the total time, records, zip and record-file bytes, and the
 * heap: the JVM's maximum, the peak used during the export (sum of the heap pools' peaks, an upper
 * bound) and the largest old-generation occupancy after a collection (the live set). Unless
 * {@code --no-verify}, the package is unpacked and verified as {@code cdrvault export verify} does.
 *
 * <p>Usage: {@code LegalExportBenchmark [--records N] [--customers C] [--dir PARENT] [--keep]
 * [--no-verify]}. Exits 1 if the package does not verify or holds another count. Everything it
 * creates is deleted at the end unless {@code --keep}.
 */
public final class LegalExportBenchmark {
  static final String NUMBER = "+12025550143";
  static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");
  static final String LEGAL_A = "bench-legal-a-0123456789abcdef";
  static final String LEGAL_B = "bench-legal-b-fedcba9876543210";
  private static final int BATCH = 5_000;

  private LegalExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = 1_000_000;
    int customers = 10_000;
    Path parent = null;
    boolean keep = false;
    boolean verify = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[++i]);
        case "--customers" -> customers = Integer.parseInt(args[++i]);
        case "--dir" -> parent = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--no-verify" -> verify = false;
        case "--help", "-h" -> {
          System.out.println("LegalExportBenchmark [--records N] [--customers C] [--dir PARENT] "
              + "[--keep] [--no-verify]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = parent == null ? TempDirs.create("cdrvault-legal-export-bench")
        : Files.createTempDirectory(Files.createDirectories(parent), "cdrvault-legal-export-bench");
    int exit;
    try {
      exit = run(dir, records, customers, verify);
    } finally {
      if (!keep) {
        TempDirs.deleteRecursively(dir);
      } else {
        System.out.println("kept " + dir);
      }
    }
    System.exit(exit);
  }

  private static int run(Path dir, long records, int customers, boolean verify) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Keyring keyring = Keyring.create(dir.resolve("bench.p12"), "PKCS12", "bench-only".toCharArray());
    // the export's encrypted spool goes under java.io.tmpdir: keep it inside the bench directory
    Path spoolParent = Files.createDirectories(dir.resolve("tmp"));
    System.setProperty("java.io.tmpdir", spoolParent.toString());
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")),
        keyring, registry, clock)) {
      preload(store, records, customers);
      LegalRequest request = store.legalRegistry().register(new NewLegalRequest(Instrument.WARRANT,
          "U.S. District Court, D.D.C.", "1:26-mj-00414", List.of(LegalTarget.number(NUMBER)),
          BenchRecords.MONTH_START, Instant.parse("2026-04-01T00:00:00Z"),
          Instant.parse("2026-12-31T00:00:00Z"),
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", false),
          "legal-a", clock.instant());
      store.legalRegistry().approve(request.id(), "legal-b", clock.instant());

      PolicyEngine engine = PolicyEngine.create(new Policy(Map.of("legal", Set.of(Purpose.LEGAL_PROCESS))),
          store, clock);
      Principals principals = Principals.of(List.of(
          new Principals.Entry(new Principal("legal-b", Set.of("legal"), Optional.empty()),
              Principals.sha256(LEGAL_B))));
      ExportSigner signer = ExportSigner.generate();
      try (ApiServer server = QueryApi.start(ApiSettings.of("127.0.0.1", 0), store, engine,
          TokenAuthenticator.create(principals), Optional.empty(), Optional.of(signer), registry)) {
        return export(server.port(), request.id(), dir, records, signer, verify, spoolParent);
      }
    } finally {
      registry.close();
    }
  }

  /** {@code records} records of the number, customers drawn at random, in batches; then compacted. */
  private static void preload(RocksCdrStore store, long records, int customers) {
    List<CustomerId> ids = BenchRecords.customers(customers);
    BenchRecords gen = BenchRecords.seeded(14, 1);
    SplittableRandom rnd = new SplittableRandom(14);
    PhoneNumber number = PhoneNumber.e164("2025550143", NUMBER);
    long t0 = System.nanoTime();
    List<CustomerCdr> batch = new ArrayList<>(BATCH);
    for (long i = 0; i < records; i++) {
      CustomerCdr r = gen.record(ids.get(rnd.nextInt(customers)));
      batch.add(new CustomerCdr(r.customer(), r.direction(), r.cdr().toBuilder()
          .calling(number).build()));
      if (batch.size() == BATCH || i == records - 1) {
        store.write(new IngestBatch(List.copyOf(batch), Map.of()));
        batch.clear();
      }
    }
    store.flushAndCompact();
    System.out.printf(Locale.ROOT, "PRELOAD  %,d records of the number over %,d customers, written "
        + "and compacted in %.1f s%n", records, customers, (System.nanoTime() - t0) / 1e9);
  }

  private static int export(int port, String id, Path dir, long records, ExportSigner signer,
      boolean verify, Path spoolParent) throws Exception {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    LiveSet live = LiveSet.start();
    Path zip = dir.resolve("export.zip");
    HttpClient http = HttpClient.newHttpClient();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/legal/requests/" + id + "/export"))
        .timeout(Duration.ofMinutes(30))
        .header("Authorization", "Bearer " + LEGAL_B).header("X-CPNI-Purpose", "LEGAL_PROCESS")
        .header("X-CPNI-Case", id).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long firstByte = System.nanoTime();
    long zipBytes;
    try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(zip)) {
      zipBytes = in.transferTo(out);
    }
    long end = System.nanoTime();
    live.stop();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    if (r.statusCode() != 200) {
      System.out.println("EXPORT FAILED: HTTP " + r.statusCode() + " " + Files.readString(zip));
      return 1;
    }
    double total = (end - t0) / 1e9;
    System.out.printf(Locale.ROOT, "EXPORT   WARRANT on one number: %,d records in %.1f s "
        + "(%,.0f rec/s); read+sort until the first byte %.1f s, streaming %.1f s%n",
        records, total, records / total, (firstByte - t0) / 1e9, (end - firstByte) / 1e9);
    System.out.printf(Locale.ROOT, "BYTES    zip %,d B%n", zipBytes);
    System.out.printf(Locale.ROOT, "HEAP     max %,d MiB; peak used during the export %,d MiB "
        + "(sum of pool peaks, upper bound); largest old generation after GC %,d MiB; GC %d "
        + "collections, %d ms%n", Runtime.getRuntime().maxMemory() >> 20, peak >> 20,
        live.maxAfterGc.get() >> 20, live.collections(), live.gcMillis());
    // the handler deletes the spool before it returns (RocksDB's JNI library is extracted here too)
    List<String> left = List.of();
    for (int i = 0; i < 100; i++) {
      try (var s = Files.list(spoolParent)) {
        left = s.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith(EncryptedSpool.DIRECTORY_PREFIX)).toList();
      }
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    System.out.println("SPOOL    " + (left.isEmpty() ? "deleted" : "left behind: " + left));
    if (!left.isEmpty()) {
      return 1;
    }
    if (!verify) {
      return 0;
    }
    Path pkg = dir.resolve("pkg");
    try (InputStream in = Files.newInputStream(zip)) {
      PackageZip.unpack(in, pkg, Long.MAX_VALUE);
    }
    VerificationReport report = ExportVerifier.verify(pkg, Optional.of(signer.publicKeyDer()));
    long count = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(pkg.resolve("manifest.json").toFile()).path("recordCount").asLong(-1);
    boolean countOk = count == records;
    System.out.printf(Locale.ROOT, "VERIFY   %s, %d files; records.ndjson %,d B, records.csv %,d B; "
        + "recordCount %s%n", report.ok() ? "OK" : "BROKEN " + report.problem().orElseThrow(),
        report.filesVerified(), Files.size(pkg.resolve("records.ndjson")),
        Files.size(pkg.resolve("records.csv")), countOk ? "= " + records : count + " DIFFERS from " + records);
    return report.ok() && countOk ? 0 : 1;
  }

  /** Samples the old generation's occupancy after each collection (the live set) while running. */
  private static final class LiveSet {
    final AtomicLong maxAfterGc = new AtomicLong();
    private final Thread thread;
    private final long collections0 = collectionsNow();
    private final long millis0 = millisNow();
    private volatile boolean stop;

    private LiveSet() {
      thread = new Thread(() -> {
        while (!stop) {
          sample();
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "live-set-sampler");
      thread.setDaemon(true);
    }

    static LiveSet start() {
      LiveSet l = new LiveSet();
      l.thread.start();
      return l;
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
      sample();
    }

    private void sample() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
        if (after != null && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
          maxAfterGc.accumulateAndGet(after.getUsed(), Math::max);
        }
      }
    }

    long collections() {
      return collectionsNow() - collections0;
    }

    long gcMillis() {
      return millisNow() - millis0;
    }

    private static long collectionsNow() {
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, gc.getCollectionCount());
      }
      return n;
    }

    private static long millisNow() {
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, gc.getCollectionTime());
      }
      return n;
    }
  }
}
