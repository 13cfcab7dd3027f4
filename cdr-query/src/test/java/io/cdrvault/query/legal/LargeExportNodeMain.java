package io.cdrvault.query.legal;

import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node for {@link LargeLegalExportIT}, run in a child JVM with a small heap: reopens the store
 * the test filled under {@code args[0]} (same keystore), serves the real API with a fresh export
 * signer (its public key written to {@code args[1]}) and the shipped policy, with {@code legal-b}
 * as the exporting principal. Prints {@code MAXHEAP bytes} and {@code PORT n}; on {@code stop}
 * (or end of input) prints {@code PEAKHEAP bytes} (sum of the heap pools' peak usage, an upper
 * bound), {@code LIVEHEAP bytes} (the largest old generation right after a collection: the live
 * set; the child runs the serial collector) and {@code STOPPED}.
 */
public final class LargeExportNodeMain {
  static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");

  /** Largest old-generation occupancy seen right after a collection: the live set. */
  private static volatile long maxAfterGc;

  private LargeExportNodeMain() {}

  private static void sampleLiveHeap() {
    while (true) {
      sampleOnce();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void sampleOnce() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Tenured")
          && pool.getCollectionUsage() != null) {
        maxAfterGc = Math.max(maxAfterGc, pool.getCollectionUsage().getUsed());
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ExportSigner signer = ExportSigner.generate();
    Files.write(Path.of(args[1]), signer.publicKeyDer());
    try (ObservedStore store = ObservedStore.reopen(Path.of(args[0]), registry, clock)) {
      PolicyEngine engine = PolicyEngine.create(PolicyFile.load(LegalFixture.POLICY_FILE), store,
          clock);
      Principals principals = Principals.of(List.of(new Principals.Entry(
          new Principal("legal-b", Set.of("legal"), Optional.empty()),
          Principals.sha256(LegalFixture.LEGAL_B))));
      try (ApiServer server = QueryApi.start(ApiSettings.of("127.0.0.1", 0), store, engine,
          TokenAuthenticator.create(principals), Optional.empty(), Optional.of(signer), registry)) {
        Thread sampler = new Thread(LargeExportNodeMain::sampleLiveHeap, "live-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
          // serving
        }
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    sampleOnce();
    System.out.println("PEAKHEAP " + peak);
    System.out.println("LIVEHEAP " + maxAfterGc);
    System.out.println("STOPPED");
    System.out.flush();
    registry.close();
  }
}
