package io.cdrvault.query.legal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running API over a real RocksDB store (fresh keystore, the store's real audit ledger and legal
 * registry), the shipped {@code config/policy.yaml}, a real Ed25519 export signer and a clock the
 * test moves. Principals: {@code legal-a} and {@code legal-b} (role {@code legal}) and
 * {@code billing-job}.
 */
final class LegalFixture implements AutoCloseable {
  static final String LEGAL_A = "legal-a-5d1c9e0f2b7a4c36";
  static final String LEGAL_B = "legal-b-8e2f1a3c5b7d9e04";
  static final String BILLING = "billing-3f9a1c0e7b5d4e21";
  static final Path POLICY_FILE = Path.of("..", "config", "policy.yaml");
  static final ObjectMapper JSON = new ObjectMapper();

  final MovableClock clock = new MovableClock(Instant.parse("2026-11-15T12:00:00Z"));
  final ObservedStore store;
  final PrometheusMeterRegistry registry;
  final ExportSigner signer = ExportSigner.generate();
  final ApiServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LegalFixture(Path dir) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    store = ObservedStore.open(dir, registry, clock);
    PolicyEngine engine = PolicyEngine.create(PolicyFile.load(POLICY_FILE), store, clock);
    Principals principals = Principals.of(List.of(
        entry("legal-a", "legal", LEGAL_A), entry("legal-b", "legal", LEGAL_B),
        entry("billing-job", "billing-job", BILLING)));
    try {
      server = QueryApi.start(ApiSettings.of("127.0.0.1", 0), store, engine,
          TokenAuthenticator.create(principals), Optional.empty(), Optional.of(signer), registry);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Principals.Entry entry(String name, String role, String token) {
    return new Principals.Entry(new Principal(name, Set.of(role), Optional.empty()),
        Principals.sha256(token));
  }

  String url() {
    return server.baseUrl();
  }

  HttpRequest.Builder request(String path, String token, String caseRef) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
        .timeout(Duration.ofSeconds(30)).header("X-CPNI-Purpose", "LEGAL_PROCESS");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (caseRef != null) {
      b.header("X-CPNI-Case", caseRef);
    }
    return b;
  }

  HttpResponse<String> post(String path, String token, String caseRef, String body) {
    return send(request(path, token, caseRef).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String token, String caseRef) {
    return send(request(path, token, caseRef).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> export(String id, String token) {
    return send(request("/v1/legal/requests/" + id + "/export", token, id)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> h) {
    try {
      return http.send(r, h);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<AuditEntry> audit() {
    return store.auditLedger().read(1, 100_000);
  }

  long decisions() {
    return audit().stream().filter(e -> !(e.event() instanceof Completion)).count();
  }

  @Override
  public void close() {
    server.close();
    store.close();
    registry.close();
  }

  /** A clock the test sets. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
