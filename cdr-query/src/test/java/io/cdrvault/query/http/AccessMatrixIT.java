package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access matrix of issue 4: every CPNI read endpoint × every principal (one per role, plus a
 * customer-bound portal session and an unbound care agent) × every purpose, plus missing and
 * forged tokens, unapproved / expired / out-of-scope legal requests and a customer asking for
 * another customer. Each request must give exactly the outcome the specification below predicts
 * (status and rule) and exactly one decision entry in the audit ledger — plus one completion entry
 * when it was allowed.
 *
 * <p>The expected outcomes come from {@link Spec}, written from DESIGN.md §7 and
 * docs/access-policy.md independently of the engine's own tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FROM = "2024-01-01T00:00:00Z";
  private static final String TO = "2024-01-31T00:00:00Z";
  private static final String NUMBER = SampleCdrs.OTHER_PARTY.e164();

  private Path dir;
  private ApiFixture api;
  private String approvedRequest;
  private String unapprovedRequest;
  private String expiredRequest;
  private String otherCustomerRequest;
  private String toApprove;
  private String toRevoke;
  private String toRenewHold;
  private String toReleaseHold;
  private String breach;

  /** A principal of the fixture and its roles' purposes (config/policy.yaml). */
  record Caller(String name, String token, Set<String> purposes, boolean boundToCustomer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Caller> CALLERS = List.of(
      new Caller("billing-job", ApiFixture.BILLING_TOKEN, Set.of("BILLING"), false),
      new Caller("fraud-analyst", ApiFixture.FRAUD_TOKEN, Set.of("FRAUD"), false),
      new Caller("legal-a", ApiFixture.LEGAL_A_TOKEN, Set.of("LEGAL_PROCESS"), false),
      new Caller("marketing", ApiFixture.MARKETING_TOKEN, Set.of("MARKETING"), false),
      new Caller("analyst", ApiFixture.ANALYST_TOKEN, Set.of("AGGREGATE"), false),
      new Caller("portal-c1001", ApiFixture.PORTAL_TOKEN, Set.of("CUSTOMER_ACCESS"), true),
      new Caller("care-unbound", ApiFixture.CARE_UNBOUND_TOKEN, Set.of("CUSTOMER_ACCESS"), false),
      new Caller("compliance", ApiFixture.COMPLIANCE_TOKEN, Set.of(), false));

  /** Principals whose roles hold the duty OVERSIGHT (config/policy.yaml, ADR 0035). */
  static final Set<String> OVERSIGHT = Set.of("compliance");
  /** Routes of the duty OVERSIGHT: decided by the duty, the purpose header is not read. */
  static final Set<ApiRoute> DUTY_ROUTES = java.util.EnumSet.of(ApiRoute.AUDIT_ENTRIES,
      ApiRoute.AUDIT_CUSTOMER_TAG, ApiRoute.AUDIT_STATUS, ApiRoute.AUDIT_DISCLOSURES,
      ApiRoute.AUDIT_DENIALS,
      ApiRoute.BREACH_RECORD, ApiRoute.BREACH_LIST, ApiRoute.BREACH_READ, ApiRoute.BREACH_NOTIFY,
      ApiRoute.COMPLAINT_RECORD, ApiRoute.COMPLAINT_LIST, ApiRoute.CERTIFICATION_REPORT);

  static final List<String> PURPOSES = List.of("BILLING", "FRAUD", "LEGAL_PROCESS",
      "CUSTOMER_ACCESS", "MARKETING", "AGGREGATE");

  /**
   * An endpoint: its route, the operation and scope kind it asks for, its path (which may name a
   * legal request made in setup), an optional JSON body, whether it is an administrative action
   * (decided by role and purpose, no completion entry) and, for the export, the case header it
   * must always carry.
   */
  record Endpoint(ApiRoute route, String operation, String scopeKind,
      java.util.function.Function<AccessMatrixIT, String> pathOf, String body, boolean action,
      java.util.function.Function<AccessMatrixIT, String> fixedCase) {
    static Endpoint read(ApiRoute route, String operation, String scopeKind, String path) {
      return new Endpoint(route, operation, scopeKind, t -> path, null, false, null);
    }

    /** An action of the duty OVERSIGHT (ADR 0035): decided by the duty, whatever the purpose. */
    static Endpoint oversight(ApiRoute route, String operation,
        java.util.function.Function<AccessMatrixIT, String> pathOf, String body) {
      return new Endpoint(route, operation, null, pathOf, body, true, null);
    }

    @Override
    public String toString() {
      return route.name();
    }
  }

  private static final String W = "?from=" + FROM + "&to=" + TO;
  private static final String BREACH_BODY = "{\"discoveredAt\":\"2024-02-20\",\"determinedAt\":"
      + "\"2024-02-21T15:00:00Z\",\"description\":\"matrix\",\"circumstances\":\"matrix\","
      + "\"cpniInvolved\":\"call detail\",\"customersAffected\":2}";
  private static final String LEGAL_BODY = "{\"instrument\":\"SUBPOENA\",\"issuingAuthority\":\"Grand Jury\","
      + "\"caseNumber\":\"GJ-24-1\",\"targets\":[{\"kind\":\"NUMBER\",\"value\":\"+15555550100\"}],"
      + "\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-02-01T00:00:00Z\","
      + "\"expiresAt\":\"2024-06-01T00:00:00Z\",\"servedDocumentSha256\":\"" + "d".repeat(64)
      + "\",\"gag\":false}";

  private static final String HOLD_BODY = "{\"targets\":[{\"kind\":\"CUSTOMER\",\"value\":\"C-2002\"}],"
      + "\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-02-01T00:00:00Z\",\"reference\":\"2703(f) 24-1\"}";

  static final List<Endpoint> ENDPOINTS = List.of(
      Endpoint.read(ApiRoute.USAGE, "usage", "customer", "/v1/customers/" + CUSTOMER.value() + "/usage" + W),
      Endpoint.read(ApiRoute.RECORDS, "records", "customer", "/v1/customers/" + CUSTOMER.value() + "/records" + W),
      Endpoint.read(ApiRoute.NUMBER_RECORDS, "records", "number",
          "/v1/numbers/%2B" + NUMBER.substring(1) + "/records" + W),
      Endpoint.read(ApiRoute.DESTINATION_RECORDS, "records", "prefix", "/v1/destinations/%2B44/records" + W),
      Endpoint.read(ApiRoute.ACCESS_LOG, "access-log", "customer",
          "/v1/customers/" + CUSTOMER.value() + "/access-log" + W),
      Endpoint.read(ApiRoute.BILLING_RUN, "billing-run", "all", "/v1/billing/usage" + W),
      Endpoint.read(ApiRoute.CONSENT, "consent", "customer", "/v1/customers/" + CUSTOMER.value() + "/consent"),
      new Endpoint(ApiRoute.CONSENT_RECORD, "consent", "customer",
          t -> "/v1/customers/" + CUSTOMER.value() + "/consent", "{\"kind\":\"OPT_IN\",\"note\":\"matrix\"}",
          false, null),
      Endpoint.read(ApiRoute.MARKETING_USAGE, "marketing-usage", "all", "/v1/marketing/usage" + W),
      Endpoint.read(ApiRoute.AGGREGATE_USAGE, "aggregate", "all", "/v1/aggregates/usage" + W + "&groupBy=type"),
      new Endpoint(ApiRoute.ERASURE, "erasure", "customer",
          t -> "/v1/customers/" + CUSTOMER.value() + "/erasure", "{}", false, null),
      new Endpoint(ApiRoute.HOLD_CREATE, "hold-create", null, t -> "/v1/legal/holds", HOLD_BODY, true, null),
      new Endpoint(ApiRoute.HOLD_LIST, "hold-list", null, t -> "/v1/legal/holds", null, true, null),
      new Endpoint(ApiRoute.HOLD_RENEW, "hold-renew", null, t -> "/v1/legal/holds/" + t.toRenewHold + "/renewal",
          "{}", true, null),
      new Endpoint(ApiRoute.HOLD_RELEASE, "hold-release", null,
          t -> "/v1/legal/holds/" + t.toReleaseHold + "/release", "{}", true, null),
      new Endpoint(ApiRoute.LEGAL_REGISTER, "legal-register", null, t -> "/v1/legal/requests", LEGAL_BODY,
          true, null),
      new Endpoint(ApiRoute.LEGAL_LIST, "legal-list", null, t -> "/v1/legal/requests", null, true, null),
      new Endpoint(ApiRoute.LEGAL_SHOW, "legal-read", null, t -> "/v1/legal/requests/" + t.approvedRequest,
          null, true, null),
      new Endpoint(ApiRoute.LEGAL_APPROVE, "legal-approve", null,
          t -> "/v1/legal/requests/" + t.toApprove + "/approval", "{}", true, null),
      new Endpoint(ApiRoute.LEGAL_REVOKE, "legal-revoke", null,
          t -> "/v1/legal/requests/" + t.toRevoke + "/revocation", "{}", true, null),
      new Endpoint(ApiRoute.LEGAL_EXPORT, "legal-export", "legal-request",
          t -> "/v1/legal/requests/" + t.approvedRequest + "/export", "{}", false, t -> t.approvedRequest),
      // the compliance officer's routes (duty OVERSIGHT)
      new Endpoint(ApiRoute.AUDIT_ENTRIES, "audit-search", null, t -> "/v1/audit/entries?limit=5",
          null, true, null),
      new Endpoint(ApiRoute.AUDIT_CUSTOMER_TAG, "audit-customer-tag", null,
          t -> "/v1/audit/customer-tag", "{\"customerId\":\"" + CUSTOMER.value() + "\"}", true, null),
      new Endpoint(ApiRoute.AUDIT_STATUS, "audit-status", null, t -> "/v1/audit/status", null, true,
          null),
      new Endpoint(ApiRoute.AUDIT_DISCLOSURES, "audit-disclosures", null,
          t -> "/v1/audit/disclosures", "{\"customerId\":\"" + CUSTOMER.value() + "\"}", true, null),
      new Endpoint(ApiRoute.AUDIT_DENIALS, "audit-denials", null, t -> "/v1/audit/denials", null,
          true, null),
      // compliance registers and report (duty OVERSIGHT)
      Endpoint.oversight(ApiRoute.BREACH_RECORD, "breach-record", t -> "/v1/compliance/breaches",
          BREACH_BODY),
      Endpoint.oversight(ApiRoute.BREACH_LIST, "breach-list", t -> "/v1/compliance/breaches", null),
      Endpoint.oversight(ApiRoute.BREACH_READ, "breach-read",
          t -> "/v1/compliance/breaches/" + t.breach, null),
      Endpoint.oversight(ApiRoute.BREACH_NOTIFY, "breach-notify",
          t -> "/v1/compliance/breaches/" + t.breach + "/notifications",
          "{\"kind\":\"LAW_ENFORCEMENT\",\"at\":\"2024-02-22T10:00:00Z\",\"reference\":\"CRF-1\"}"),
      Endpoint.oversight(ApiRoute.COMPLAINT_RECORD, "complaint-record", t -> "/v1/compliance/complaints",
          "{\"receivedAt\":\"2024-02-10\",\"category\":\"OTHER\"}"),
      Endpoint.oversight(ApiRoute.COMPLAINT_LIST, "complaint-list",
          t -> "/v1/compliance/complaints?year=2024", null),
      Endpoint.oversight(ApiRoute.CERTIFICATION_REPORT, "certification-report",
          t -> "/v1/compliance/certification?year=2024", null));

  /** Every route of the API that reads or changes CPNI state is in the matrix. */
  @org.junit.jupiter.api.Test
  void theMatrixCoversEveryCpniRoute() {
    Set<ApiRoute> covered = new java.util.HashSet<>();
    ENDPOINTS.forEach(e -> covered.add(e.route()));
    Set<ApiRoute> all = java.util.EnumSet.allOf(ApiRoute.class);
    all.removeAll(Set.of(ApiRoute.METRICS, ApiRoute.HEALTH, ApiRoute.READY, ApiRoute.OPENAPI));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
  }

  /** DESIGN.md §7: which purpose may use which operation on which scope kind, and its conditions. */
  static final class Spec {
    static final Map<String, Set<String>> OPERATIONS = Map.of(
        "BILLING", Set.of("usage", "records", "billing-run"),
        "FRAUD", Set.of("usage", "records"),
        "LEGAL_PROCESS", Set.of("records", "legal-export"),
        "CUSTOMER_ACCESS", Set.of("usage", "records", "access-log", "consent", "erasure"),
        "MARKETING", Set.of("marketing-usage"),
        "AGGREGATE", Set.of("aggregate"));
    static final Map<String, Set<String>> SCOPES = Map.of(
        "BILLING", Set.of("customer", "all"),
        "FRAUD", Set.of("customer", "number", "prefix"),
        "LEGAL_PROCESS", Set.of("customer", "number", "legal-request"),
        "CUSTOMER_ACCESS", Set.of("customer"),
        "MARKETING", Set.of("customer", "all"),
        "AGGREGATE", Set.of("all"));

    /** The expected rule ("purpose-allowed" for 200) of a well-formed request. */
    static String expect(Caller c, String purpose, Endpoint e) {
      if (DUTY_ROUTES.contains(e.route())) {
        return OVERSIGHT.contains(c.name()) ? "duty-allowed" : "role-lacks-duty";
      }
      if (!c.purposes().contains(purpose)) {
        return "role-lacks-purpose";
      }
      if (e.action()) {
        // legal registry actions: LEGAL_PROCESS only
        return purpose.equals("LEGAL_PROCESS") ? "allowed" : "operation-not-allowed-for-purpose";
      }
      if (!OPERATIONS.get(purpose).contains(e.operation())) {
        return "operation-not-allowed-for-purpose";
      }
      if (!SCOPES.get(purpose).contains(e.scopeKind())) {
        return "scope-not-allowed-for-purpose";
      }
      if (purpose.equals("CUSTOMER_ACCESS") && !c.boundToCustomer()) {
        return "no-customer-authentication";
      }
      return "purpose-allowed";
    }
  }

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory("access-matrix");
    // over a thousand requests from one address in seconds: above the default per-address limit
    api = ApiFixture.start(dir, ApiSettings.of("127.0.0.1", 0).withRateLimit(100_000, 100_000));
    Instant t = Instant.parse("2024-01-10T09:00:00Z");
    api.store.put(List.of(
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, t, Disposition.ANSWERED, 60),
        SampleCdrs.voice(CUSTOMER, Direction.TERMINATING, t.plusSeconds(600), Disposition.ANSWERED, 30),
        SampleCdrs.voice(OTHER_CUSTOMER, Direction.ORIGINATING, t.plusSeconds(900), Disposition.BUSY, 0),
        SampleCdrs.sms(CUSTOMER, Direction.ORIGINATING, t.plusSeconds(1200), 2)));
    Instant now = ApiFixture.CLOCK.instant();
    Instant from = Instant.parse(FROM);
    Instant to = Instant.parse("2024-02-01T00:00:00Z");
    var registry = api.store.legalRegistry();
    approvedRequest = registry.register(legal(List.of(LegalTarget.customer(CUSTOMER),
        LegalTarget.number(NUMBER)), from, to, now.plus(Duration.ofDays(30))), "legal-a", now).id();
    registry.approve(approvedRequest, "legal-b", now);
    unapprovedRequest = registry.register(legal(List.of(LegalTarget.customer(CUSTOMER)), from, to,
        now.plus(Duration.ofDays(30))), "legal-a", now).id();
    Instant past = now.minus(Duration.ofDays(10));
    expiredRequest = registry.register(legal(List.of(LegalTarget.customer(CUSTOMER)), from, to,
        now.minus(Duration.ofDays(1))), "legal-a", past).id();
    registry.approve(expiredRequest, "legal-b", past.plusSeconds(60));
    otherCustomerRequest = registry.register(legal(List.of(LegalTarget.customer(OTHER_CUSTOMER)),
        from, to, now.plus(Duration.ofDays(30))), "legal-a", now).id();
    registry.approve(otherCustomerRequest, "legal-b", now);
    toApprove = registry.register(legal(List.of(LegalTarget.customer(CUSTOMER)), from, to,
        now.plus(Duration.ofDays(30))), "legal-b", now).id();
    toRevoke = registry.register(legal(List.of(LegalTarget.customer(CUSTOMER)), from, to,
        now.plus(Duration.ofDays(30))), "legal-b", now).id();
    toRenewHold = api.store.holdRegistry().create(List.of(LegalTarget.customer(OTHER_CUSTOMER)), from, to,
        "2703(f) renew", "legal-b", now).id();
    breach = api.store.complianceRegistry().recordBreach(Instant.parse("2024-02-20T00:00:00Z"),
        Instant.parse("2024-02-21T00:00:00Z"), new io.cdrvault.store.compliance.BreachText("matrix",
            "matrix", "call detail"), 1, "compliance", now).id();
    toReleaseHold = api.store.holdRegistry().create(List.of(LegalTarget.customer(OTHER_CUSTOMER)), from, to,
        "2703(f) release", "legal-b", now).id();
  }

  private static NewLegalRequest legal(List<LegalTarget> targets, Instant from, Instant to, Instant expires) {
    return new NewLegalRequest(Instrument.WARRANT, "US District Court", "1:24-mj-00001", targets,
        from, to, expires, "b".repeat(64), false);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String caseFor(String purpose) {
    return switch (purpose) {
      case "FRAUD" -> "FRAUD-2024-0001";
      case "LEGAL_PROCESS" -> approvedRequest;
      default -> null;
    };
  }

  Stream<Arguments> matrix() {
    List<Arguments> all = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      for (Caller c : CALLERS) {
        for (String p : PURPOSES) {
          all.add(Arguments.of(e, c, p));
        }
      }
    }
    return all.stream();
  }

  /** Sends one request (GET, or POST when the endpoint has a body). */
  private HttpResponse<String> send(Endpoint e, String path, String token, String purpose, String caseRef) {
    String c = e.fixedCase() != null ? e.fixedCase().apply(this) : caseRef;
    if (e.body() == null) {
      return api.get(path, token, purpose, c);
    }
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(api.server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(e.body()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (purpose != null) {
      b.header("X-CPNI-Purpose", purpose);
    }
    if (c != null) {
      b.header("X-CPNI-Case", c);
    }
    return api.send(b.build());
  }

  /**
   * Sends one request and checks its status, the rule, and that the ledger grew by exactly one
   * decision entry (plus one completion entry for an allowed read).
   */
  private void sendAndCheck(String label, Endpoint e, String path, String token, String purpose,
      String caseRef, int status, String rule) throws IOException {
    long before = api.ledger.lastSequence();
    HttpResponse<String> r = send(e, path, token, purpose, caseRef);
    if (r.statusCode() == 401) {
      api.server.flushDenials(); // anonymous refusals are counted and written per interval
    }
    List<AuditEntry> added = api.ledgerEntries().stream().filter(x -> x.sequence() > before).toList();

    assertThat(r.statusCode()).as("%s: status (body %s)", label, r.body()).isEqualTo(status);
    boolean allowed = status == 200 || status == 201 || status == 202;
    // access decisions; the store's own lifecycle entries (erasure.request, ...) are dotted
    List<AuditEntry> decisions = added.stream()
        .filter(x -> !(x.event() instanceof Completion)
            && !x.event().operation().contains(".")).toList();
    assertThat(decisions).as("%s: decision entries", label).hasSize(1);
    AuditEntry d = decisions.get(0);
    assertThat(d.event().outcome()).as("%s: outcome", label)
        .isEqualTo(allowed ? Outcome.ALLOWED : Outcome.DENIED);
    if (!rule.equals("allowed")) {
      assertThat(d.event().rule()).as("%s: audited rule", label).isEqualTo(rule);
    }
    List<AuditEntry> completions =
        added.stream().filter(x -> x.event() instanceof Completion).toList();
    if (allowed && !e.action()) {
      assertThat(completions).as("%s: completion", label).singleElement()
          .satisfies(x -> assertThat(x.event(Completion.class).decisionSequence())
              .isEqualTo(d.sequence()));
      return;
    }
    assertThat(completions).as("%s: no completion", label).isEmpty();
    if (!allowed) {
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("rule").asText()).as("%s: rule in body", label).isEqualTo(rule);
    }
  }

  private static int allowedStatus(Endpoint e) {
    if (e.route() == ApiRoute.ERASURE) {
      return 202; // the customer's voice records are younger than the US statutory minimum: deferred
    }
    return e.route() == ApiRoute.LEGAL_REGISTER || e.route() == ApiRoute.CONSENT_RECORD
        || e.route() == ApiRoute.HOLD_CREATE || e.route() == ApiRoute.BREACH_RECORD
        || e.route() == ApiRoute.BREACH_NOTIFY || e.route() == ApiRoute.COMPLAINT_RECORD ? 201 : 200;
  }

  @ParameterizedTest(name = "{0} as {1} for {2}")
  @MethodSource("matrix")
  void everyEndpointRoleAndPurpose_hasTheSpecifiedOutcome_andOneDecisionEntry(Endpoint e, Caller c,
      String purpose) throws IOException {
    String rule = Spec.expect(c, purpose, e);
    boolean allowed = rule.equals("purpose-allowed") || rule.equals("allowed")
        || rule.equals("duty-allowed");
    sendAndCheck(e + "/" + c + "/" + purpose, e, e.pathOf().apply(this), c.token(), purpose,
        caseFor(purpose), allowed ? allowedStatus(e) : 403, rule);
  }

  Stream<Arguments> special() {
    Map<String, Object[]> cases = new LinkedHashMap<>();
    for (Endpoint e : ENDPOINTS) {
      boolean duty = DUTY_ROUTES.contains(e.route());
      cases.put(e + " without token", new Object[] {e, null, "BILLING", null, 401, "unauthenticated"});
      cases.put(e + " with forged token", new Object[] {e, ApiFixture.BILLING_TOKEN + "0",
          "BILLING", null, 401, "unauthenticated"});
      // a duty's routes do not read the purpose header: the duty decides
      cases.put(e + " without purpose", new Object[] {e, ApiFixture.BILLING_TOKEN, null, null,
          403, duty ? "role-lacks-duty" : "missing-purpose"});
      cases.put(e + " with unknown purpose", new Object[] {e, ApiFixture.BILLING_TOKEN,
          "CURIOSITY", null, 403, duty ? "role-lacks-duty" : "unknown-purpose"});
      if (duty) {
        cases.put(e + " by the compliance officer without purpose", new Object[] {e,
            ApiFixture.COMPLIANCE_TOKEN, null, null, allowedStatus(e), "duty-allowed"});
        cases.put(e + " by the compliance officer with unknown purpose", new Object[] {e,
            ApiFixture.COMPLIANCE_TOKEN, "CURIOSITY", null, allowedStatus(e), "duty-allowed"});
      }
    }
    Endpoint records = ENDPOINTS.get(1);
    Endpoint number = ENDPOINTS.get(2);
    cases.put("legal without request id", new Object[] {records, ApiFixture.LEGAL_A_TOKEN,
        "LEGAL_PROCESS", null, 403, "missing-legal-request"});
    cases.put("legal with unknown request", new Object[] {records, ApiFixture.LEGAL_A_TOKEN,
        "LEGAL_PROCESS", "LR-0000000000000000", 403, "legal-request-unknown"});
    cases.put("legal unapproved", new Object[] {records, ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS",
        "@unapproved", 403, "legal-request-unapproved"});
    cases.put("legal expired", new Object[] {records, ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS",
        "@expired", 403, "legal-request-expired"});
    cases.put("legal out of scope (other customer's request)", new Object[] {records,
        ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", "@other", 403, "legal-scope-exceeded"});
    cases.put("legal out of scope (number not a target)", new Object[] {number,
        ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", "@other", 403, "legal-scope-exceeded"});
    cases.put("legal out of window", new Object[] {Endpoint.read(ApiRoute.RECORDS, "records",
        "customer", "/v1/customers/" + CUSTOMER.value() + "/records?from=2023-12-15&to=2024-01-15"),
        ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", "@approved", 403, "legal-scope-exceeded"});
    cases.put("customer asking for another customer", new Object[] {Endpoint.read(ApiRoute.RECORDS,
        "records", "customer", "/v1/customers/" + OTHER_CUSTOMER.value() + "/records" + W),
        ApiFixture.PORTAL_TOKEN, "CUSTOMER_ACCESS", null, 403, "customer-mismatch"});
    cases.put("customer reading another customer's access log", new Object[] {Endpoint.read(
        ApiRoute.ACCESS_LOG, "access-log", "customer", "/v1/customers/" + OTHER_CUSTOMER.value()
        + "/access-log" + W), ApiFixture.PORTAL_TOKEN, "CUSTOMER_ACCESS", null, 403, "customer-mismatch"});
    cases.put("fraud without case", new Object[] {number, ApiFixture.FRAUD_TOKEN, "FRAUD", null,
        403, "missing-case-reference"});
    cases.put("fraud window too wide", new Object[] {Endpoint.read(ApiRoute.DESTINATION_RECORDS,
        "records", "prefix", "/v1/destinations/%2B44/records?from=2024-01-01&to=2024-03-01"),
        ApiFixture.FRAUD_TOKEN, "FRAUD", "F-1", 403, "window-too-wide"});
    cases.put("marketing for a customer without approval", new Object[] {Endpoint.read(
        ApiRoute.MARKETING_USAGE, "marketing-usage", "customer", "/v1/marketing/usage" + W
        + "&customerId=" + OTHER_CUSTOMER.value()), ApiFixture.MARKETING_TOKEN, "MARKETING", null,
        403, "no-marketing-approval"});
    cases.put("same person approving", new Object[] {new Endpoint(ApiRoute.LEGAL_APPROVE,
        "legal-approve", null, t -> "/v1/legal/requests/" + t.unapprovedRequest + "/approval", "{}",
        true, null), ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", null, 409, "two-person-rule"});
    cases.put("export of an unapproved request", new Object[] {new Endpoint(ApiRoute.LEGAL_EXPORT,
        "legal-export", "legal-request", t -> "/v1/legal/requests/" + t.unapprovedRequest + "/export",
        "{}", false, t -> t.unapprovedRequest), ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", null, 403,
        "legal-request-unapproved"});
    cases.put("export of an expired request", new Object[] {new Endpoint(ApiRoute.LEGAL_EXPORT,
        "legal-export", "legal-request", t -> "/v1/legal/requests/" + t.expiredRequest + "/export",
        "{}", false, t -> t.expiredRequest), ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", null, 403,
        "legal-request-expired"});
    return cases.entrySet().stream().map(x -> Arguments.of(x.getKey(), x.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("special")
  void specialCases_haveTheSpecifiedOutcome_andOneDecisionEntry(String label, Object[] c) throws IOException {
    String caseRef = (String) c[3];
    if (caseRef != null && caseRef.startsWith("@")) {
      caseRef = switch (caseRef) {
        case "@unapproved" -> unapprovedRequest;
        case "@expired" -> expiredRequest;
        case "@other" -> otherCustomerRequest;
        default -> approvedRequest;
      };
    }
    Endpoint e = (Endpoint) c[0];
    sendAndCheck(label, e, e.pathOf().apply(this), (String) c[1], (String) c[2], caseRef, (int) c[4],
        (String) c[5]);
  }

  Stream<Arguments> allowedRequests() {
    List<Arguments> all = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      for (Caller c : CALLERS) {
        for (String p : PURPOSES) {
          String rule = Spec.expect(c, p, e);
          // reads and duty actions (legal registry actions write before they are audited)
          if (rule.equals("purpose-allowed") || rule.equals("duty-allowed")) {
            all.add(Arguments.of(e, c, p));
            break;
          }
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} as {1} for {2}")
  @MethodSource("allowedRequests")
  void whenTheAuditLedgerFails_anAllowedRequestFails503_andReadsNothing(Endpoint e, Caller c,
      String purpose) throws IOException {
    int readsBefore = api.store.readsStarted();
    long seqBefore = api.ledger.lastSequence();
    api.ledger.failAppends(true);
    HttpResponse<String> r;
    try {
      r = send(e, e.pathOf().apply(this), c.token(), purpose, caseFor(purpose));
    } finally {
      api.ledger.failAppends(false);
    }

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("audit-unavailable");
    assertThat(r.body()).doesNotContain(CUSTOMER.value()).doesNotContain("recordId");
    assertThat(api.store.readsStarted()).isEqualTo(readsBefore);
    assertThat(api.ledger.lastSequence()).isEqualTo(seqBefore);
  }
}
