package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.COMPLIANCE_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.LEGAL_A_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.oversight.DisclosureJson;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance officer's routes (duty OVERSIGHT) on a real store: each allowed for the
 * compliance officer and refused {@code role-lacks-duty} for the legal team, one audit entry per
 * request under its operation, and nothing personal in the answers or in the entries they write.
 */
class AuditOversightIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String W = "?from=2024-01-01&to=2024-02-01";
  private static final String CUSTOMER_BODY = "{\"customerId\":\"" + CUSTOMER.value() + "\"}";

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    Instant t = Instant.parse("2024-01-10T09:00:00Z");
    api.store.put(List.of(
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, t, Disposition.ANSWERED, 60),
        SampleCdrs.voice(ApiFixture.OTHER_CUSTOMER, Direction.ORIGINATING, t, Disposition.ANSWERED, 30)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> get(String path, String token) {
    return api.get(path, token, null, null);
  }

  private HttpResponse<String> post(String path, String token, String body) {
    return api.post(path, token, null, body);
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A BILLING read of the customer, a denied FRAUD ask by billing, and an unknown token. */
  private void someTraffic() {
    assertThat(api.get(ApiFixture.usagePath(CUSTOMER, "2024-01-01", "2024-02-01"), BILLING_TOKEN,
        "BILLING", null).statusCode()).isEqualTo(200);
    assertThat(api.get(ApiFixture.usagePath(CUSTOMER, "2024-01-01", "2024-02-01"), BILLING_TOKEN,
        "FRAUD", "F-1").statusCode()).isEqualTo(403);
    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/v1/audit/status", "not-a-token", null, null).statusCode()).isEqualTo(401);
    }
    api.server.flushDenials();
  }

  @Test
  void everyRoute_isAllowedForTheComplianceOfficer_refusedForLegal_andNeedsAToken() throws IOException {
    record Call(String method, String path, String body, String operation) {}
    List<Call> calls = List.of(
        new Call("GET", "/v1/audit/entries", null, "audit-search"),
        new Call("POST", "/v1/audit/customer-tag", CUSTOMER_BODY, "audit-customer-tag"),
        new Call("GET", "/v1/audit/status", null, "audit-status"),
        new Call("POST", "/v1/audit/disclosures", CUSTOMER_BODY, "audit-disclosures"),
        new Call("GET", "/v1/audit/denials", null, "audit-denials"));
    for (Call c : calls) {
      for (String token : new String[] {COMPLIANCE_TOKEN, LEGAL_A_TOKEN}) {
        long before = api.ledger.lastSequence();
        HttpResponse<String> r = c.method().equals("GET") ? get(c.path(), token)
            : post(c.path(), token, c.body());
        List<AuditEntry> added = api.ledger.read(before + 1, 100);
        boolean officer = token.equals(COMPLIANCE_TOKEN);
        assertThat(r.statusCode()).as("%s by %s: %s", c.operation(), token, r.body())
            .isEqualTo(officer ? 200 : 403);
        assertThat(added).as(c.operation()).singleElement().satisfies(e -> {
          AuditEvent.Decision d = e.event(AuditEvent.Decision.class);
          assertThat(d.operation()).isEqualTo(c.operation());
          assertThat(d.principal()).isEqualTo(officer ? "compliance" : "legal-a");
          assertThat(d.purpose()).isNull();
          assertThat(d.rule()).isEqualTo(officer ? "duty-allowed" : "role-lacks-duty");
          assertThat(d.outcome()).isEqualTo(officer ? AuditEvent.Outcome.ALLOWED
              : AuditEvent.Outcome.DENIED);
          assertThat(r.headers().firstValue("X-CPNI-Audit-Sequence").map(Long::valueOf)
              .orElseGet(() -> json(r).path("auditSequence").asLong()))
              .isEqualTo(e.sequence());
        });
        if (!officer) {
          assertThat(json(r).path("rule").asText()).isEqualTo("role-lacks-duty");
        }
        assertThat(r.body()).doesNotContain(CUSTOMER.value());
      }
      HttpResponse<String> anonymous = c.method().equals("GET") ? get(c.path(), null)
          : post(c.path(), null, c.body());
      assertThat(anonymous.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void search_byOutcome_newestFirst_andPagedBySequence() throws IOException {
    someTraffic();
    someTraffic();
    JsonNode denied = json(get("/v1/audit/entries?outcome=DENIED", COMPLIANCE_TOKEN));
    List<Long> seqs = new ArrayList<>();
    denied.path("entries").forEach(e -> {
      assertThat(e.path("outcome").asText()).isEqualTo("DENIED");
      seqs.add(e.path("seq").asLong());
    });
    // two FRAUD refusals of billing-job and two aggregated anonymous refusals
    assertThat(seqs).hasSize(4).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(denied.path("next").isNull()).isTrue();
    assertThat(denied.path("complete").asBoolean()).isTrue();
    // members exactly as the ledger stores them
    AuditEntry newest = api.ledger.read(seqs.get(0), 1).get(0);
    assertThat(denied.path("entries").get(0))
        .isEqualTo(JSON.readTree(new String(newest.canonicalJson(), StandardCharsets.UTF_8)));

    JsonNode page1 = json(get("/v1/audit/entries?outcome=DENIED&limit=3", COMPLIANCE_TOKEN));
    assertThat(page1.path("entries")).hasSize(3);
    long next = page1.path("next").asLong();
    assertThat(next).isEqualTo(seqs.get(2));
    JsonNode page2 = json(get("/v1/audit/entries?outcome=DENIED&limit=3&before=" + next,
        COMPLIANCE_TOKEN));
    assertThat(page2.path("entries")).singleElement()
        .satisfies(e -> assertThat(e.path("seq").asLong()).isEqualTo(seqs.get(3)));

    JsonNode byPrincipal = json(get("/v1/audit/entries?principal=billing-job&purpose=FRAUD",
        COMPLIANCE_TOKEN));
    assertThat(byPrincipal.path("entries")).hasSize(2).allSatisfy(e -> {
      assertThat(e.path("rule").asText()).isEqualTo("role-lacks-purpose");
      assertThat(e.path("operation").asText()).isEqualTo("usage");
    });
    JsonNode outsideWindow = json(get("/v1/audit/entries?to=2024-02-01", COMPLIANCE_TOKEN));
    assertThat(outsideWindow.path("entries")).isEmpty(); // every entry is of 2024-03-01 (fixed clock)
  }

  @Test
  void search_byCustomer_goesThroughTheTag_andNeverTakesACustomerId() throws IOException {
    someTraffic();
    HttpResponse<String> tag = post("/v1/audit/customer-tag", COMPLIANCE_TOKEN, CUSTOMER_BODY);
    String subject = json(tag).path("subject").asText();
    assertThat(subject).isEqualTo(api.store.customerTagger().tagHex(CUSTOMER));
    JsonNode found = json(get("/v1/audit/entries?subject=" + subject, COMPLIANCE_TOKEN));
    List<String> ops = new ArrayList<>();
    found.path("entries").forEach(e -> ops.add(e.path("operation").asText() + "/"
        + e.path("outcome").asText() + "/" + e.path("principal").asText()));
    // newest first: the tag lookup itself, the refused FRAUD ask, the BILLING read's completion
    // and decision
    assertThat(ops).containsExactly("audit-customer-tag/ALLOWED/compliance",
        "usage/DENIED/billing-job", "usage/COMPLETED/billing-job", "usage/ALLOWED/billing-job");

    HttpResponse<String> byId = get("/v1/audit/entries?subject=" + CUSTOMER.value(), COMPLIANCE_TOKEN);
    assertThat(byId.statusCode()).isEqualTo(400);
    assertThat(json(byId).path("reason").asText()).contains("pseudonym")
        .doesNotContain(CUSTOMER.value());
    assertThat(get("/v1/audit/entries?limit=1001", COMPLIANCE_TOKEN).statusCode()).isEqualTo(400);
    assertThat(get("/v1/audit/entries?outcome=DENIED&outcome=ALLOWED", COMPLIANCE_TOKEN)
        .statusCode()).isEqualTo(400);
    assertThat(post("/v1/audit/customer-tag", COMPLIANCE_TOKEN, "{\"customerId\":\"no spaces\"}")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void status_verifiesTheWholeLedger() throws IOException {
    someTraffic();
    long last = api.ledger.lastSequence();
    JsonNode s = json(get("/v1/audit/status", COMPLIANCE_TOKEN));
    assertThat(s.path("status").asText()).isEqualTo("OK");
    assertThat(s.path("entries").asLong()).isEqualTo(last);
    assertThat(s.path("lastSequence").asLong()).isEqualTo(last);
    assertThat(s.path("firstBadEntry").isNull()).isTrue();
    assertThat(s.path("lastCheckpoint").isNull()).isTrue(); // this store has no signing key
    assertThat(Instant.parse(s.path("verifiedAt").asText())).isEqualTo(ApiFixture.CLOCK.instant());
  }

  @Test
  void disclosures_areTheCliReport_forTheCustomer() throws IOException {
    someTraffic();
    HttpResponse<String> r = post("/v1/audit/disclosures", COMPLIANCE_TOKEN, CUSTOMER_BODY);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    String tag = api.store.customerTagger().tagHex(CUSTOMER);
    // the report as `cdrvault audit report` computes it, up to this request's own entry (the
    // answer was made before it was written; it concerns the customer, so later reports list it)
    long own = Long.parseLong(r.headers().firstValue("X-CPNI-Audit-Sequence").orElseThrow());
    List<String> cli = DisclosureReport.of(api.ledger, tag, c -> false, true).stream()
        .filter(d -> d.decisionSequence() < own).map(d -> DisclosureJson.of(d).toString()).toList();
    assertThat(body.path("subject").asText()).isEqualTo(tag);
    List<String> answered = new ArrayList<>();
    body.path("disclosures").forEach(d -> answered.add(d.toString()));
    assertThat(answered).isNotEmpty().containsExactlyElementsOf(cli);
    assertThat(body.path("disclosures")).anySatisfy(d -> {
      assertThat(d.path("principal").asText()).isEqualTo("billing-job");
      assertThat(d.path("purpose").asText()).isEqualTo("BILLING");
      assertThat(d.path("operation").asText()).isEqualTo("usage");
      assertThat(d.path("gagged").asBoolean()).isFalse();
    });
    assertThat(r.body()).doesNotContain(CUSTOMER.value());
    // the officer's lookups are in the officer's report (above) but not in the customer's own
    // "who accessed my data": they disclosed no record
    HttpResponse<String> own2 = post("/v1/audit/disclosures", COMPLIANCE_TOKEN, CUSTOMER_BODY);
    assertThat(json(own2).path("disclosures")).anySatisfy(
        d -> assertThat(d.path("operation").asText()).isEqualTo("audit-disclosures"));
    JsonNode log = json(api.get("/v1/customers/" + CUSTOMER.value() + "/access-log?from=2024-02-01"
        + "&to=2024-04-01", ApiFixture.PORTAL_TOKEN, "CUSTOMER_ACCESS", null));
    assertThat(log.path("accesses")).isNotEmpty()
        .anySatisfy(a -> assertThat(a.path("accessedBy").asText()).isEqualTo("billing-job"))
        .noneSatisfy(a -> assertThat(a.path("accessedBy").asText()).isEqualTo("compliance"));
  }

  @Test
  void denials_perDayAndRule_countAnonymousRefusalsByTheirCount() throws IOException {
    someTraffic();
    JsonNode t = json(get("/v1/audit/denials", COMPLIANCE_TOKEN));
    List<String> rows = new ArrayList<>();
    t.path("days").forEach(d -> rows.add(d.path("day").asText() + " " + d.path("rule").asText()
        + " " + d.path("count").asLong()));
    assertThat(rows).containsExactly("2024-03-01 role-lacks-purpose 1",
        "2024-03-01 unauthenticated 3");
    List<String> principals = new ArrayList<>();
    t.path("principals").forEach(p -> principals.add(p.path("principal").asText() + " "
        + p.path("count").asLong()));
    assertThat(principals).containsExactly("anonymous 3", "billing-job 1");
    assertThat(t.path("total").asLong()).isEqualTo(4);
    assertThat(t.path("complete").asBoolean()).isTrue();
    assertThat(get("/v1/audit/denials?from=2023-01-01&to=2024-03-02", COMPLIANCE_TOKEN).statusCode())
        .isEqualTo(400); // longer than 366 days
    JsonNode before = json(get("/v1/audit/denials?from=2024-01-01&to=2024-02-01", COMPLIANCE_TOKEN));
    assertThat(before.path("total").asLong()).isZero();
  }

  @Test
  void nothingPersonal_reachesTheAnswersOrTheLedger() throws IOException {
    someTraffic();
    List<HttpResponse<String>> answers = List.of(
        post("/v1/audit/customer-tag", COMPLIANCE_TOKEN, CUSTOMER_BODY),
        post("/v1/audit/disclosures", COMPLIANCE_TOKEN, CUSTOMER_BODY),
        post("/v1/audit/disclosures", LEGAL_A_TOKEN, CUSTOMER_BODY),
        get("/v1/audit/entries?limit=1000", COMPLIANCE_TOKEN),
        get("/v1/audit/status", COMPLIANCE_TOKEN),
        get("/v1/audit/denials", COMPLIANCE_TOKEN));
    for (HttpResponse<String> a : answers) {
      assertThat(a.body()).doesNotContain(CUSTOMER.value())
          .doesNotContain(SampleCdrs.OTHER_PARTY.e164());
    }
    String tag = api.store.customerTagger().tagHex(CUSTOMER);
    List<AuditEntry> audit = api.ledger.entries().stream()
        .filter(e -> e.event().operation().startsWith("audit-")).toList();
    assertThat(audit).hasSizeGreaterThanOrEqualTo(6);
    for (AuditEntry e : api.ledger.entries()) {
      assertThat(new String(e.canonicalJson(), StandardCharsets.UTF_8))
          .doesNotContain(CUSTOMER.value()).doesNotContain(SampleCdrs.OTHER_PARTY.e164());
    }
    // the entries about one customer name them by tag
    assertThat(audit).filteredOn(e -> e.event().operation().equals("audit-disclosures")
        && e.event().outcome() == AuditEvent.Outcome.ALLOWED)
        .singleElement().satisfies(e -> assertThat(
            e.event(AuditEvent.Decision.class).scope().subject()).isEqualTo(tag));
  }

  @Test
  void aBodyIsReadOnlyAfterAuthentication_andCapped() {
    HttpResponse<String> big = api.send(HttpRequest.newBuilder(
            URI.create(api.server.baseUrl() + "/v1/audit/disclosures"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + COMPLIANCE_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + "x".repeat(2_000_000) + "\"}"))
        .build());
    assertThat(big.statusCode()).isEqualTo(413);
  }
}
