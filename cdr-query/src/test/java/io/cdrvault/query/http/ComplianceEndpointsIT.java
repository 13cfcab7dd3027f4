package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.compliance.CertificationCsv;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance routes over a real node: the compliance officer records and reads breaches and
 * complaints and builds the certification data; everyone else is refused {@code role-lacks-duty};
 * every request is one audit entry that carries the breach or complaint id and none of the text.
 */
class ComplianceEndpointsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "customer C-1001 on +15551230000 was read out to a pretexter";
  private static final String BREACH = "{\"discoveredAt\":\"2024-02-22T09:00:00Z\","
      + "\"determinedAt\":\"2024-02-23T15:00:00Z\",\"description\":\"" + SECRET + "\","
      + "\"circumstances\":\"pretexting call, line 1\\nline 2\",\"cpniInvolved\":\"call detail, Feb 2024\","
      + "\"customersAffected\":1}";
  private static final String TOKEN = ApiFixture.COMPLIANCE_TOKEN;

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private List<AuditEntry> since(long before) {
    return api.ledgerEntries().stream().filter(e -> e.sequence() > before).toList();
  }

  @Test
  void breach_recordedByTheComplianceOfficer_hasItsDeadlines_andIsAuditedOnce_withoutItsText()
      throws IOException {
    long before = api.ledger.lastSequence();
    HttpResponse<String> r = api.post("/v1/compliance/breaches", TOKEN, null, BREACH);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode b = JSON.readTree(r.body());
    String id = b.get("id").asText();
    assertThat(id).matches("BR-[0-9a-f]{16}");
    assertThat(b.get("description").asText()).isEqualTo(SECRET);
    // Friday 23 February 2024 + 7 business days (Presidents Day was the 19th): Tuesday 5 March
    assertThat(b.at("/clocks/lawEnforcementDeadline").asText()).isEqualTo("2024-03-05");
    assertThat(b.at("/clocks/customersEarliest").isNull()).isTrue();
    assertThat(b.at("/clocks/customersLatest").asText()).isEqualTo("2024-03-24");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    List<AuditEntry> added = since(before);
    assertThat(added).singleElement().satisfies(e -> {
      AuditEvent.Decision d = e.event(AuditEvent.Decision.class);
      assertThat(d.operation()).isEqualTo("breach-record");
      assertThat(d.rule()).isEqualTo("duty-allowed");
      assertThat(d.purpose()).isNull();
      assertThat(d.caseRef()).isEqualTo(id);
    });
    assertThat(api.ledgerEntries().toString()).doesNotContain("C-1001").doesNotContain("5551230000")
        .doesNotContain("pretext");

    HttpResponse<String> list = api.get("/v1/compliance/breaches", TOKEN, null, null);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode item = JSON.readTree(list.body()).get("breaches").get(0);
    assertThat(item.get("id").asText()).isEqualTo(id);
    assertThat(item.has("description")).as("the list shows no free text").isFalse();
    assertThat(item.at("/clocks/lawEnforcementOverdue").asBoolean()).isFalse();
  }

  @Test
  void notifications_moveTheClocks_andCustomersBeforeLawEnforcement_isRefused() throws IOException {
    String id = JSON.readTree(api.post("/v1/compliance/breaches", TOKEN, null, BREACH).body())
        .get("id").asText();
    String path = "/v1/compliance/breaches/" + id + "/notifications";

    HttpResponse<String> early = api.post(path, TOKEN, null,
        "{\"kind\":\"CUSTOMERS\",\"at\":\"2024-02-26T10:00:00Z\",\"reference\":\"letters\"}");
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(early.body()).get("rule").asText()).isEqualTo("notification-out-of-order");

    HttpResponse<String> le = api.post(path, TOKEN, null,
        "{\"kind\":\"LAW_ENFORCEMENT\",\"at\":\"2024-02-27T10:00:00Z\",\"reference\":\"CRF-2024-17\"}");
    assertThat(le.statusCode()).as(le.body()).isEqualTo(201);
    JsonNode clocks = JSON.readTree(le.body()).get("clocks");
    assertThat(clocks.get("lawEnforcementNotifiedOn").asText()).isEqualTo("2024-02-27");
    assertThat(clocks.get("customersEarliest").asText()).isEqualTo("2024-02-27");

    HttpResponse<String> delay = api.post(path, TOKEN, null, "{\"kind\":\"DELAY_REQUEST\","
        + "\"at\":\"2024-02-28T10:00:00Z\",\"reference\":\"FBI 17\",\"delayUntil\":\"2024-04-01\"}");
    assertThat(JSON.readTree(delay.body()).at("/clocks/customersLatest").asText()).isEqualTo("2024-04-01");

    HttpResponse<String> read = api.get("/v1/compliance/breaches/" + id, TOKEN, null, null);
    assertThat(JSON.readTree(read.body()).get("notifications")).hasSize(2);
    assertThat(api.get("/v1/compliance/breaches/BR-0000000000000000", TOKEN, null, null).statusCode())
        .isEqualTo(404);
    assertThat(api.get("/v1/compliance/breaches/C-1001", TOKEN, null, null).statusCode()).isEqualTo(400);
    assertThat(api.audit().stream().map(e -> e.event().operation()).filter(o -> o.startsWith("breach-")))
        .containsExactly("breach-record", "breach-notify", "breach-notify", "breach-notify",
            "breach-read", "breach-read", "breach-read");
  }

  @Test
  void theConfiguredRule_setsTheClocks() throws IOException {
    api.close();
    // the rule as it stood before FCC 23-111: 7 full business days' wait, no outer limit
    api = ApiFixture.start(dir.resolve("old-rule"), ApiSettings.of("127.0.0.1", 0).withBreachRules(
        new io.cdrvault.store.compliance.BreachRules(java.time.ZoneId.of("America/New_York"), 7, 7, 0)));
    String id = JSON.readTree(api.post("/v1/compliance/breaches", TOKEN, null, BREACH).body())
        .get("id").asText();
    HttpResponse<String> le = api.post("/v1/compliance/breaches/" + id + "/notifications", TOKEN, null,
        "{\"kind\":\"LAW_ENFORCEMENT\",\"at\":\"2024-02-27T10:00:00Z\",\"reference\":\"CRF-9\"}");
    JsonNode clocks = JSON.readTree(le.body()).get("clocks");
    // Tuesday 27 February + 7 full business days: Thursday 7 March
    assertThat(clocks.get("customersEarliest").asText()).isEqualTo("2024-03-07");
    assertThat(clocks.get("customersLatest").isNull()).isTrue();
    assertThat(JSON.readTree(api.get("/v1/compliance/breaches", TOKEN, null, null).body())
        .at("/rules/customerWaitBusinessDays").asInt()).isEqualTo(7);
  }

  @Test
  void everyoneWithoutTheDuty_isRefusedRoleLacksDuty_andNothingIsRecorded() throws IOException {
    for (String token : List.of(ApiFixture.LEGAL_A_TOKEN, ApiFixture.BILLING_TOKEN, ApiFixture.PORTAL_TOKEN)) {
      long before = api.ledger.lastSequence();
      HttpResponse<String> r = api.post("/v1/compliance/breaches", token, "LEGAL_PROCESS", BREACH);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(r.body()).get("rule").asText()).isEqualTo("role-lacks-duty");
      assertThat(since(before)).singleElement().satisfies(e -> {
        assertThat(e.event().outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
        assertThat(e.event().rule()).isEqualTo("role-lacks-duty");
      });
    }
    assertThat(api.store.complianceRegistry().breaches()).isEmpty();
    assertThat(api.get("/v1/compliance/certification?year=2024", ApiFixture.LEGAL_A_TOKEN, null, null)
        .statusCode()).isEqualTo(403);
  }

  @Test
  void certificationReport_countsTheYearsDisclosuresDenialsConsentBreachesAndComplaints()
      throws IOException {
    Instant t = Instant.parse("2024-01-10T09:00:00Z");
    api.store.put(List.of(SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, t, Disposition.ANSWERED, 60)));
    Instant now = ApiFixture.CLOCK.instant();
    String warrant = api.store.legalRegistry().register(new NewLegalRequest(Instrument.WARRANT,
        "US District Court", "1:24-mj-7", List.of(LegalTarget.customer(CUSTOMER)),
        Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
        now.plus(Duration.ofDays(30)), "b".repeat(64), false), "legal-a", now).id();
    api.store.legalRegistry().approve(warrant, "legal-b", now);
    String records = ApiFixture.recordsPath(CUSTOMER, "2024-01-01", "2024-01-31");
    assertThat(api.get(ApiFixture.usagePath(CUSTOMER, "2024-01-01", "2024-01-31"),
        ApiFixture.BILLING_TOKEN, "BILLING", null).statusCode()).isEqualTo(200);
    assertThat(api.get(records, ApiFixture.LEGAL_A_TOKEN, "LEGAL_PROCESS", warrant).statusCode())
        .isEqualTo(200);
    assertThat(api.get(records, ApiFixture.BILLING_TOKEN, "FRAUD", null).statusCode()).isEqualTo(403);
    assertThat(api.get("/v1/customers/" + CUSTOMER.value() + "/consent", ApiFixture.PORTAL_TOKEN,
        "CUSTOMER_ACCESS", null).statusCode()).isEqualTo(200);
    api.post("/v1/compliance/breaches", TOKEN, null, BREACH);
    assertThat(api.post("/v1/compliance/complaints", TOKEN, null, "{\"receivedAt\":\"2024-02-02\","
        + "\"category\":\"EMPLOYEE_ACCESS\",\"note\":\"" + SECRET + "\"}").statusCode()).isEqualTo(201);
    api.post("/v1/compliance/complaints", TOKEN, null, "{\"receivedAt\":\"2023-12-30\",\"category\":\"OTHER\"}");

    HttpResponse<String> r = api.get("/v1/compliance/certification?year=2024", TOKEN, null, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode rep = JSON.readTree(r.body());
    assertThat(rep.at("/period/from").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(rep.at("/period/to").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(rep.at("/disclosures/byPurpose/BILLING").asLong()).isEqualTo(1);
    assertThat(rep.at("/disclosures/byPurpose/LEGAL_PROCESS").asLong()).isEqualTo(1);
    assertThat(rep.at("/disclosures/byPurpose/FRAUD").asLong()).isZero();
    assertThat(rep.at("/disclosures/legalProcessByInstrument/WARRANT").asLong()).isEqualTo(1);
    assertThat(rep.at("/disclosures/legalProcessByInstrument/SUBPOENA").asLong()).isZero();
    assertThat(rep.at("/disclosures/total").asLong()).isEqualTo(2);
    assertThat(rep.at("/denials/byRule/role-lacks-purpose").asLong()).isEqualTo(1);
    assertThat(rep.at("/consentOperations").asLong()).isEqualTo(1);
    assertThat(rep.at("/breaches/count").asLong()).isEqualTo(1);
    assertThat(rep.at("/breaches/items/0/discoveredAt").asText()).isEqualTo("2024-02-22T09:00:00Z");
    assertThat(rep.at("/complaints/byCategory/EMPLOYEE_ACCESS").asLong()).isEqualTo(1);
    assertThat(rep.at("/complaints/total").asLong()).as("the 2023 complaint is not this year's")
        .isEqualTo(1);
    assertThat(r.body()).doesNotContain("C-1001").doesNotContain("pretext");

    String csv = CertificationCsv.of(rep);
    assertThat(csv.split("\r\n")).contains("section,item,value", "disclosures-by-purpose,BILLING,1",
        "legal-process-by-instrument,WARRANT,1", "denials-by-rule,role-lacks-purpose,1",
        "consent,operations,1", "complaints-by-category,EMPLOYEE_ACCESS,1");

    JsonNode last = JSON.readTree(api.get("/v1/compliance/certification?year=2023", TOKEN, null, null)
        .body());
    assertThat(last.at("/disclosures/total").asLong()).isZero();
    assertThat(last.at("/complaints/byCategory/OTHER").asLong()).isEqualTo(1);
    assertThat(api.get("/v1/compliance/certification", TOKEN, null, null).statusCode()).isEqualTo(400);
    assertThat(api.get("/v1/compliance/complaints?year=2024", TOKEN, null, null).body())
        .contains("EMPLOYEE_ACCESS").doesNotContain("\"OTHER\"");
  }
}
