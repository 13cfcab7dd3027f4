package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.query.testing.PlaintextScan;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 1 with a small heap: a node in a child JVM with {@code -Xmx256m} is sent a
 * chunked consent body of 2.5 GB generated on the fly (no Content-Length), once without a token
 * and once with a valid one. It answers 401 and 413 without reading the body whole, stays alive
 * and serving, and its ledger has the two refusals (the anonymous one counted, written on stop).
 */
class AttackMemoryIT {
  private static final long HUGE = 5L << 29; // 2.5 GiB
  private static final String CONSENT = "/v1/customers/" + ApiFixture.CUSTOMER.value() + "/consent";

  @TempDir
  Path dir;
  Process node;

  @AfterEach
  void kill() {
    if (node != null && node.isAlive()) {
      node.destroyForcibly();
    }
  }

  @Test
  void hugeChunkedUploads_toASmallHeapNode_are401And413_andItKeepsServing() throws Exception {
    Path log = dir.resolve("node.log");
    Path data = Files.createDirectories(dir.resolve("node"));
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", cp,
        AttackNodeMain.class.getName(), data.toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    node = pb.start();
    int port = awaitPort(log);
    assertThat(maxHeap(log)).isLessThanOrEqualTo(256L << 20);

    ChunkedUpload.Result anonymous = ChunkedUpload.post("127.0.0.1", port, CONSENT,
        Map.of("X-CPNI-Purpose", "CUSTOMER_ACCESS"), HUGE);
    ChunkedUpload.Result withToken = ChunkedUpload.post("127.0.0.1", port, CONSENT,
        Map.of("Authorization", "Bearer " + ApiFixture.PORTAL_TOKEN,
            "X-CPNI-Purpose", "CUSTOMER_ACCESS"), HUGE);

    assertThat(anonymous.status()).as("after %d body bytes", anonymous.bytesSent()).isEqualTo(401);
    assertThat(withToken.status()).as("after %d body bytes", withToken.bytesSent()).isEqualTo(413);
    assertThat(withToken.bytesSent()).isLessThan(HUGE);
    assertThat(withToken.body()).contains("body-too-large");
    assertThat(node.isAlive()).as("the node survived").isTrue();
    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    try (OutputStream in = node.getOutputStream()) {
      in.write("stop\n".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isZero();
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError").contains("STOPPED");

    List<AuditEntry> decisions;
    try (ObservedStore store = ObservedStore.reopen(data, new SimpleMeterRegistry(),
        ApiFixture.CLOCK)) {
      decisions = store.auditLedger().entries().stream()
          .filter(e -> !(e.event() instanceof Completion)).toList();
    }
    assertThat(decisions).hasSize(2);
    assertThat(decisions).anySatisfy(e -> {
      AuditEvent ev = e.event();
      assertThat(ev.principal()).isEqualTo("portal-c1001");
      assertThat(ev.rule()).isEqualTo("body-too-large");
      assertThat(ev.outcome()).isEqualTo(Outcome.DENIED);
    });
    assertThat(decisions).anySatisfy(e -> {
      AuditEvent ev = e.event();
      assertThat(ev.principal()).isEqualTo("anonymous");
      assertThat(ev.operation()).isEqualTo("consent");
      assertThat(ev.rule()).isEqualTo("unauthenticated");
      assertThat(e.event(AnonymousRefusals.class).count()).isEqualTo(1L);
    });
    assertThat(PlaintextScan.findings(data.resolve("data"),
        List.of(ApiFixture.CUSTOMER.value(), "OPT_IN"))).isEmpty();
  }

  private static int awaitPort(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith("PORT ")) {
            return Integer.parseInt(line.substring(5).strip());
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the node did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
  }

  private static long maxHeap(Path log) throws Exception {
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("MAXHEAP ")) {
        return Long.parseLong(line.substring(8).strip());
      }
    }
    throw new AssertionError("no MAXHEAP line");
  }
}
