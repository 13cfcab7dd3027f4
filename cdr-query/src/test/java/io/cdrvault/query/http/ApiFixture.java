package io.cdrvault.query.http;

import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.model.CustomerId;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running API server on a free port over a real {@code RocksCdrStore} (real RocksDB in the given
 * directory, a freshly created keystore, the store's own audit ledger and customer tagger), with
 * the shipped {@code config/policy.yaml} and one principal per role. The store is seen through
 * {@link ObservedStore}, which only counts reads and can make ledger appends fail.
 */
final class ApiFixture implements AutoCloseable {
  static final CustomerId CUSTOMER = CustomerId.of("C-1001");
  static final CustomerId OTHER_CUSTOMER = CustomerId.of("C-2002");

  static final String BILLING_TOKEN = "billing-3f9a1c0e7b5d4e21";
  static final String FRAUD_TOKEN = "fraud-8c2e4a6b0d1f3e57";
  static final String MARKETING_TOKEN = "marketing-1a2b3c4d5e6f7081";
  static final String PORTAL_TOKEN = "portal-c1001-9e8d7c6b5a4f";
  static final String CARE_UNBOUND_TOKEN = "care-unbound-0f1e2d3c4b5a";
  static final String LEGAL_A_TOKEN = "legal-a-5d4c3b2a1f0e9d8c";
  static final String LEGAL_B_TOKEN = "legal-b-8c9d0e1f2a3b4c5d";
  static final String ANALYST_TOKEN = "analyst-7e6d5c4b3a291807";
  /** The compliance officer: role compliance-officer, duty OVERSIGHT, no purpose (ADR 0035). */
  static final String COMPLIANCE_TOKEN = "compliance-4b5c6d7e8f9a0b1c";

  /** Verifies customer assertions in every fixture (key fixed for tests). */
  static final CustomerAssertions ASSERTIONS = CustomerAssertions.withKey(
      "fixture-assertion-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  static final Path POLICY_FILE = Path.of("..", "config", "policy.yaml");

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);

  final ObservedStore store;
  final ObservedStore.FaultInjectingLedger ledger;
  final PrometheusMeterRegistry registry;
  final ApiServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiFixture(ObservedStore store, PrometheusMeterRegistry registry,
      ApiServer server) {
    this.store = store;
    this.ledger = store.auditLedger();
    this.registry = registry;
    this.server = server;
  }

  /** Starts on a free port with a new store under {@code dir} (a JUnit {@code @TempDir}). */
  static ApiFixture start(Path dir) {
    return start(dir, ApiSettings.of("127.0.0.1", 0));
  }

  static ApiFixture start(Path dir, ApiSettings settings) {
    return start(dir, settings,
        QueryApi.routes(Optional.of(io.cdrvault.query.legal.export.ExportSigner.generate())));
  }

  /** As {@link #start(Path, ApiSettings)}, serving the routes {@code features} contribute. */
  static ApiFixture start(Path dir, ApiSettings settings, List<RouteContributor> features) {
    return start(dir, settings, features, Optional.empty());
  }

  /** As {@link #start(Path)}, also accepting the tokens of the identity provider {@code idp}. */
  static ApiFixture start(Path dir, Optional<io.cdrvault.query.auth.JwtAuthenticator> idp) {
    return start(dir, ApiSettings.of("127.0.0.1", 0),
        QueryApi.routes(Optional.of(io.cdrvault.query.legal.export.ExportSigner.generate())), idp);
  }

  /** As {@link #start(Path, ApiSettings)}, with {@code extra} principals beside the fixture's. */
  static ApiFixture startWith(Path dir, ApiSettings settings, List<Principals.Entry> extra) {
    return start(dir, settings,
        QueryApi.routes(Optional.of(io.cdrvault.query.legal.export.ExportSigner.generate())),
        Optional.empty(), extra);
  }

  private static ApiFixture start(Path dir, ApiSettings settings, List<RouteContributor> features,
      Optional<io.cdrvault.query.auth.JwtAuthenticator> idp) {
    return start(dir, settings, features, idp, List.of());
  }

  private static ApiFixture start(Path dir, ApiSettings settings, List<RouteContributor> features,
      Optional<io.cdrvault.query.auth.JwtAuthenticator> idp, List<Principals.Entry> extra) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ObservedStore store = ObservedStore.open(dir, registry, CLOCK);
    PolicyEngine engine = PolicyEngine.create(PolicyFile.load(POLICY_FILE), store, CLOCK);
    List<Principals.Entry> entries = new java.util.ArrayList<>(List.of(
        entry("billing-job", Set.of("billing-job"), Optional.empty(), BILLING_TOKEN),
        entry("fraud-analyst", Set.of("fraud-analyst"), Optional.empty(), FRAUD_TOKEN),
        entry("marketing", Set.of("marketing"), Optional.empty(), MARKETING_TOKEN),
        entry("portal-c1001", Set.of("customer-care"), Optional.of(CUSTOMER), PORTAL_TOKEN),
        entry("care-unbound", Set.of("customer-care"), Optional.empty(), CARE_UNBOUND_TOKEN),
        entry("legal-a", Set.of("legal"), Optional.empty(), LEGAL_A_TOKEN),
        entry("legal-b", Set.of("legal"), Optional.empty(), LEGAL_B_TOKEN),
        entry("analyst", Set.of("analyst"), Optional.empty(), ANALYST_TOKEN),
        entry("compliance", Set.of("compliance-officer"), Optional.empty(), COMPLIANCE_TOKEN)));
    entries.addAll(extra);
    Principals principals = Principals.of(entries);
    try {
      ApiServer server = ApiServer.start(settings, store, engine,
          TokenAuthenticator.create(principals, idp), Optional.of(ASSERTIONS), registry,
          Readiness.of(store), features);
      return new ApiFixture(store, registry, server);
    } catch (RuntimeException e) {
      store.close();
      registry.close();
      throw e;
    }
  }

  private static Principals.Entry entry(String name, Set<String> roles, Optional<CustomerId> c,
      String token) {
    return new Principals.Entry(new Principal(name, roles, c), Principals.sha256(token));
  }

  static String usagePath(CustomerId c, String from, String to) {
    return "/v1/customers/" + c.value() + "/usage?from=" + from + "&to=" + to;
  }

  static String recordsPath(CustomerId c, String from, String to) {
    return "/v1/customers/" + c.value() + "/records?from=" + from + "&to=" + to;
  }

  /** GET with optional bearer token, purpose and case headers (null = header not sent). */
  HttpResponse<String> get(String path, String token, String purpose, String caseRef) {
    return get(path, token, purpose, caseRef, java.util.Map.of());
  }

  /** As {@link #get(String, String, String, String)} with extra headers. */
  HttpResponse<String> get(String path, String token, String purpose, String caseRef,
      java.util.Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (purpose != null) {
      b.header("X-CPNI-Purpose", purpose);
    }
    if (caseRef != null) {
      b.header("X-CPNI-Case", caseRef);
    }
    return send(b.build());
  }

  /** POST of a JSON body with optional bearer token and purpose headers (null = not sent). */
  HttpResponse<String> post(String path, String token, String purpose, String jsonBody) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (purpose != null) {
      b.header("X-CPNI-Purpose", purpose);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The decision entries (ALLOWED / DENIED): exactly one per request. */
  List<AuditEntry> audit() {
    return ledger.entries().stream().filter(e -> !(e.event() instanceof Completion))
        .toList();
  }

  /** The completion entries (COMPLETED): one per allowed read. */
  List<AuditEntry> completions() {
    return ledger.entries().stream().filter(e -> e.event() instanceof Completion).toList();
  }

  /** Every entry, in order. */
  List<AuditEntry> ledgerEntries() {
    return ledger.entries();
  }

  @Override
  public void close() {
    server.close();
    store.close();
    registry.close();
  }
}
