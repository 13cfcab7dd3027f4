package io.cdrvault.query.legal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.query.legal.export.VerificationReport;
import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WARRANT export of a high-volume number through the real HTTP endpoint of a node running in a
 * child JVM with a 64 MiB heap: 300,000 records of the number across 3,000 customers written
 * through the real store, plus a customer target whose 5,000 records the cursor returns a second
 * time. The package's record files alone are several times the heap, so it could not have been
 * built in memory; it must arrive complete, verify with the real {@link ExportVerifier} and the
 * node's key, hold each record once, leave no spool behind, and the node must not run out of
 * memory. The completion audit entry must say complete with the record count.
 */
class LargeLegalExportIT {
  static final int CUSTOMERS = 3_000;
  static final int RECORDS = 300_000;
  static final int HEAVY = 5_000; // records of the customer target (they also match the number)
  static final long HEAP = 64L << 20;
  static final String NUMBER = "+12025550143";
  static final PhoneNumber TARGET = PhoneNumber.e164("2025550143", NUMBER);
  static final CustomerId HEAVY_CUSTOMER = CustomerId.of("LX-HEAVY");
  static final Instant MONTH = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  Process node;

  @AfterEach
  void kill() {
    if (node != null && node.isAlive()) {
      node.destroyForcibly();
    }
  }

  @Test
  void aWarrantExportOf300kRecords_streamsFromA64MiBHeapNode_andVerifies() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("node"));
    String requestId = load(storeDir);

    Path childTmp = Files.createDirectories(dir.resolve("node-tmp"));
    Path log = dir.resolve("node.log");
    Path publicKey = dir.resolve("signer.pub");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=" + childTmp, "-cp", cp, LargeExportNodeMain.class.getName(),
        storeDir.toString(), publicKey.toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    node = pb.start();
    int port = Integer.parseInt(awaitLine(log, "PORT "));
    assertThat(Long.parseLong(awaitLine(log, "MAXHEAP "))).isLessThanOrEqualTo(HEAP);

    Path zip = dir.resolve("export.zip");
    HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/legal/requests/" + requestId + "/export"))
        .timeout(Duration.ofMinutes(3))
        .header("Authorization", "Bearer " + LegalFixture.LEGAL_B)
        .header("X-CPNI-Purpose", "LEGAL_PROCESS").header("X-CPNI-Case", requestId)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofFile(zip));
    assertThat(r.statusCode()).as(() -> readQuietly(zip)).isEqualTo(200);

    try (OutputStream in = node.getOutputStream()) {
      in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(log);
    assertThat(out).doesNotContain("OutOfMemoryError").contains("STOPPED");
    assertThat(node.exitValue()).isZero();
    long peakHeap = Long.parseLong(awaitLine(log, "PEAKHEAP "));
    assertThat(peakHeap).isLessThanOrEqualTo(HEAP);
    long liveHeap = Long.parseLong(awaitLine(log, "LIVEHEAP "));
    try (Stream<Path> left = Files.list(childTmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("cdrvault-export-")))
          .as("spool deleted").isEmpty();
    }

    // the package: unpacked as `cdrvault legal export` does, verified as `export verify` does
    Path pkg = dir.resolve("pkg");
    try (InputStream in = Files.newInputStream(zip)) {
      assertThat(PackageZip.unpack(in, pkg, 1L << 32)).isEqualTo(6);
    }
    VerificationReport report = ExportVerifier.verify(pkg,
        java.util.Optional.of(Files.readAllBytes(publicKey)));
    assertThat(report.ok()).as(report.toString()).isTrue();
    JsonNode manifest = LegalFixture.json(Files.readString(pkg.resolve("manifest.json")));
    assertThat(manifest.get("recordCount").asInt()).isEqualTo(RECORDS);
    assertThat(manifest.at("/request/instrument").asText()).isEqualTo("WARRANT");
    long ndjsonBytes = Files.size(pkg.resolve("records.ndjson"));
    long csvBytes = Files.size(pkg.resolve("records.csv"));
    assertThat(ndjsonBytes + csvBytes).as("record files vs the node's heap").isGreaterThan(3 * HEAP);

    long lines = 0;
    String previous = null;
    java.util.Set<String> ids = new java.util.HashSet<>();
    try (BufferedReader rows = Files.newBufferedReader(pkg.resolve("records.ndjson"))) {
      for (String line = rows.readLine(); line != null; line = rows.readLine()) {
        JsonNode rec = LegalFixture.json(line);
        String start = rec.get("start").asText();
        if (previous != null) {
          assertThat(Instant.parse(start)).as("line %d in start order", lines)
              .isAfterOrEqualTo(Instant.parse(previous));
        }
        previous = start;
        ids.add(rec.get("recordId").asText());
        lines++;
      }
    }
    assertThat(lines).isEqualTo(RECORDS);
    assertThat(ids).as("each record once").hasSize(RECORDS);
    try (Stream<String> csv = Files.lines(pkg.resolve("records.csv"))) {
      assertThat(csv.count()).isEqualTo(RECORDS + 1L);
    }

    try (ObservedStore store = ObservedStore.reopen(storeDir, new SimpleMeterRegistry(),
        Clock.fixed(LargeExportNodeMain.NOW, ZoneOffset.UTC))) {
      List<AuditEntry> all = store.auditLedger().read(1, 100_000);
      Completion last = all.get(all.size() - 1).event(Completion.class);
      assertThat(last.outcome()).isEqualTo(Outcome.COMPLETED);
      assertThat(last.operation()).isEqualTo("legal-export");
      assertThat(last.rule()).isEqualTo(io.cdrvault.store.access.Rules.COMPLETE);
      assertThat(last.resultCount()).isEqualTo((long) RECORDS);
    }
    System.out.printf(Locale.ROOT, "LargeLegalExportIT: %,d records, ndjson %,d B, csv %,d B, "
        + "zip %,d B, node max heap %,d B, peak heap %,d B (sum of pool peaks), largest old "
        + "generation after GC %,d B%n", lines, ndjsonBytes, csvBytes, Files.size(zip), HEAP, peakHeap,
        liveHeap);
  }

  /** Fills a fresh store and registers an approved WARRANT on the number and the heavy customer. */
  private static String load(Path storeDir) {
    Clock clock = Clock.fixed(LargeExportNodeMain.NOW, ZoneOffset.UTC);
    try (ObservedStore store = ObservedStore.open(storeDir, new SimpleMeterRegistry(), clock)) {
      SplittableRandom rnd = new SplittableRandom(14);
      List<CustomerCdr> batch = new ArrayList<>(5_000);
      for (int i = 0; i < RECORDS; i++) {
        CustomerId customer = i < HEAVY ? HEAVY_CUSTOMER
            : CustomerId.of(String.format(Locale.ROOT, "LX-%05d", i % CUSTOMERS));
        batch.add(record(i, customer, rnd));
        if (batch.size() == 5_000) {
          store.put(batch);
          batch.clear();
        }
      }
      store.put(batch);
      // unrelated traffic of the same customers, which the export must leave out
      batch.clear();
      for (int i = 0; i < 5_000; i++) {
        CustomerCdr r = record(RECORDS + i, CustomerId.of(String.format(Locale.ROOT, "LX-%05d",
            i % CUSTOMERS)), rnd);
        PhoneNumber someoneElse = PhoneNumber.e164("2025550199", "+12025550199");
        batch.add(new CustomerCdr(r.customer(), r.direction(), r.cdr().toBuilder()
            .calling(someoneElse).called(someoneElse).build()));
      }
      store.put(batch);
      LegalRequest registered = store.legalRegistry().register(new NewLegalRequest(
          Instrument.WARRANT, "U.S. District Court, D.D.C.", "1:26-mj-00414",
          List.of(LegalTarget.number(NUMBER), LegalTarget.customer(HEAVY_CUSTOMER)),
          MONTH, Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"),
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", false),
          "legal-a", clock.instant());
      store.legalRegistry().approve(registered.id(), "legal-b", clock.instant());
      return registered.id();
    }
  }

  /** A mobile voice call with every non-content field, the number as one of its parties. */
  private static CustomerCdr record(int i, CustomerId customer, SplittableRandom rnd) {
    Instant start = MONTH.plusSeconds(rnd.nextLong(31L * 24 * 3600 - 7200));
    long ring = 2 + rnd.nextInt(18);
    long talk = 1 + rnd.nextInt(1800);
    long national = 2_012_000_000L + rnd.nextInt(900_000_000);
    PhoneNumber other = PhoneNumber.e164(String.format(Locale.ROOT, "1%010d", national),
        String.format(Locale.ROOT, "+1%010d", national));
    boolean outgoing = rnd.nextBoolean();
    Cdr cdr = Cdr.builder().id(new RecordId(0x5EED_0000_0000L + i)).origin("msc-east")
        .originId("lx-" + i).type(ServiceType.VOICE)
        .calling(outgoing ? TARGET : other).called(outgoing ? other : TARGET)
        .start(start).answer(start.plusSeconds(ring)).end(start.plusSeconds(ring + talk))
        .durationSeconds(ring + talk).billableSeconds(talk).disposition(Disposition.ANSWERED)
        .causeCode(16).cause("NORMAL_CLEARING").trunk("trunk-02").codec("AMR-WB")
        .sourceIp("10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)))
        .destinationIp("203.0.113." + (1 + rnd.nextInt(254))).userAgent("UE-test/1.0")
        .imsi(String.format(Locale.ROOT, "310260%09d", rnd.nextInt(1_000_000_000)))
        .imei(String.format(Locale.ROOT, "35%013d", rnd.nextLong(10_000_000_000_000L)))
        .cellId(String.format(Locale.ROOT, "310260%07x", rnd.nextInt(268_435_456)))
        .charge(new Charge(rnd.nextInt(5_000_000), "USD"))
        .build();
    return new CustomerCdr(customer, outgoing ? Direction.ORIGINATING : Direction.TERMINATING, cdr);
  }

  private static String awaitLine(Path log, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length()).strip();
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the node did not print " + prefix.strip() + ": "
        + (Files.exists(log) ? Files.readString(log) : ""));
  }

  private static String readQuietly(Path f) {
    try {
      return Files.size(f) < 4096 ? Files.readString(f) : Files.size(f) + " bytes";
    } catch (Exception e) {
      return "(unreadable)";
    }
  }
}
