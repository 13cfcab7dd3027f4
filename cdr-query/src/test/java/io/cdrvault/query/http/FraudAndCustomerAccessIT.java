package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FRAUD reads by number and destination prefix, and CUSTOMER_ACCESS with authentication assertions. */
class FraudAndCustomerAccessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FROM = "2024-01-01T00:00:00Z";
  private static final String TO = "2024-01-31T00:00:00Z";
  private static final String WINDOW = "?from=" + FROM + "&to=" + TO;

  @TempDir Path dir;
  private ApiFixture api;
  private final List<CustomerCdr> written = new ArrayList<>();

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    seed(api);
  }

  private void seed(ApiFixture a) {
    written.clear();
    Instant t = Instant.parse("2024-01-05T08:00:00Z");
    for (int i = 0; i < 6; i++) {
      written.add(SampleCdrs.voice(CUSTOMER, i % 2 == 0 ? Direction.ORIGINATING : Direction.TERMINATING,
          t.plusSeconds(3600L * i), Disposition.ANSWERED, 30 + i));
      written.add(SampleCdrs.voice(OTHER_CUSTOMER, Direction.ORIGINATING, t.plusSeconds(3600L * i + 60),
          Disposition.ANSWERED, 40));
    }
    written.add(SampleCdrs.sms(CUSTOMER, Direction.ORIGINATING, t.plusSeconds(7), 2));
    a.store.put(written);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static List<JsonNode> lines(HttpResponse<String> r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.body().split("\n")) {
      if (!l.isBlank()) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  @Test
  void fraud_byNumber_returnsEveryRecordWithTheNumberAsEitherParty_withNonContentFields() throws IOException {
    for (String number : List.of("+442079460999", "%2B442079460999")) {
      HttpResponse<String> r = api.get("/v1/numbers/" + number + "/records" + WINDOW, FRAUD_TOKEN,
          "FRAUD", "FRAUD-7");

      assertThat(r.statusCode()).as(number).isEqualTo(200);
      List<JsonNode> got = lines(r);
      assertThat(got).hasSize(written.size());
      assertThat(got).allSatisfy(n -> {
        assertThat(n.has("sourceIp") || n.get("type").asText().equals("SMS")).isTrue();
        assertThat(n.get("calling").toString() + n.get("called")).contains("+442079460999");
      });
    }
    Completion completion = api.completions().get(0).event(Completion.class);
    assertThat(completion.resultCount()).isEqualTo((long) written.size());
    assertThat(completion.subjects()).containsExactlyInAnyOrder(
        api.store.customerTagger().tagHex(CUSTOMER), api.store.customerTagger().tagHex(OTHER_CUSTOMER));
    Decision decision = api.audit().get(0).event(Decision.class);
    assertThat(decision.scope().kind()).isEqualTo("number");
    assertThat(decision.scope().subject()).isEqualTo(api.store.customerTagger().numberTagHex("+442079460999"))
        .doesNotContain("442079460999");
  }

  @Test
  void fraud_byDestinationPrefix_returnsOnlyCallsToThatPrefix() throws IOException {
    HttpResponse<String> r = api.get("/v1/destinations/%2B44/records" + WINDOW, FRAUD_TOKEN, "FRAUD", "F-1");

    assertThat(r.statusCode()).isEqualTo(200);
    long expected = written.stream().filter(c -> c.cdr().called().e164().startsWith("+44")).count();
    assertThat(lines(r)).hasSize((int) expected).allSatisfy(
        n -> assertThat(n.at("/called/e164").asText()).startsWith("+44"));
  }

  @Test
  void fraud_refusals_nameTheirRule() throws IOException {
    assertRefused(api.get("/v1/numbers/+442079460999/records" + WINDOW, FRAUD_TOKEN, "FRAUD", null),
        "missing-case-reference");
    assertRefused(api.get("/v1/numbers/+442079460999/records?from=2024-01-01&to=2024-03-01",
        FRAUD_TOKEN, "FRAUD", "F-1"), "window-too-wide");
    assertRefused(api.get("/v1/numbers/+442079460999/records" + WINDOW, BILLING_TOKEN, "BILLING", null),
        "scope-not-allowed-for-purpose");
    assertThat(api.get("/v1/numbers/442079460999/records" + WINDOW, FRAUD_TOKEN, "FRAUD", "F-1")
        .statusCode()).isEqualTo(400);
    assertThat(api.audit()).hasSize(4);
    assertThat(api.completions()).isEmpty();
    assertThat(api.store.readsStarted()).isZero();
  }

  private void assertRefused(HttpResponse<String> r, String rule) throws IOException {
    assertThat(r.statusCode()).as(rule).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("rule").asText()).isEqualTo(rule);
  }

  private HttpResponse<String> careRead(String assertion) {
    return api.get(ApiFixture.usagePath(CUSTOMER, FROM, TO), CARE_UNBOUND_TOKEN, "CUSTOMER_ACCESS",
        null, assertion == null ? Map.of() : Map.of("X-CPNI-Customer-Assertion", assertion));
  }

  @Test
  void customerAccess_withAValidAssertionForThatCustomer_isAllowed() throws IOException {
    String assertion = ApiFixture.ASSERTIONS.issue(CUSTOMER, "care-unbound", ApiFixture.CLOCK.instant(), Duration.ofMinutes(5));

    HttpResponse<String> r = careRead(assertion);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("records").asLong()).isEqualTo(7);
  }

  @Test
  void customerAccess_assertionProblems_areRefusedAndAudited() throws IOException {
    Instant now = ApiFixture.CLOCK.instant();
    assertRefused(careRead(null), "no-customer-authentication");
    assertRefused(careRead(ApiFixture.ASSERTIONS.issue(OTHER_CUSTOMER, "care-unbound", now, Duration.ofMinutes(5))),
        "customer-mismatch");
    assertRefused(careRead(ApiFixture.ASSERTIONS.issue(CUSTOMER, "care-unbound", now.minus(Duration.ofMinutes(20)),
        Duration.ofMinutes(5))), "invalid-customer-assertion");
    CustomerAssertions forger = CustomerAssertions.withKey(
        "another-key-that-is-long-enough-000000".getBytes(StandardCharsets.US_ASCII));
    assertRefused(careRead(forger.issue(CUSTOMER, "care-unbound", now, Duration.ofMinutes(5))), "invalid-customer-assertion");
    assertRefused(careRead("not.a.jws"), "invalid-customer-assertion");

    assertThat(api.audit()).hasSize(5)
        .allSatisfy(e -> assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED));
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void accessLog_showsWhoReadTheCustomersRecords_butNotGaggedLegalAccessesOrCaseReferences()
      throws IOException {
    api.close();
    api = ApiFixture.start(dir.resolve("fraud-listed"),
        ApiSettings.of("127.0.0.1", 0).withFraudReadsHiddenFor(Duration.ZERO));
    seed(api);
    assertThat(accessLogAfterReads()).containsExactly("billing-job/BILLING/usage/7",
        "fraud-analyst/FRAUD/records/13", "legal-a/LEGAL_PROCESS/records/7");
  }

  @Test
  void accessLog_byDefault_omitsFraudReadsOfTheLast180Days() throws IOException {
    assertThat(ApiSettings.of("127.0.0.1", 0).fraudReadsHiddenFor()).isEqualTo(Duration.ofDays(180));
    assertThat(accessLogAfterReads()).containsExactly("billing-job/BILLING/usage/7",
        "legal-a/LEGAL_PROCESS/records/7");
  }

  /** Reads by billing, fraud, legal (open and gagged) and for another customer; the customer's view. */
  private List<String> accessLogAfterReads() throws IOException {
    Instant now = ApiFixture.CLOCK.instant();
    var registry = api.store.legalRegistry();
    String open = legalRequest(registry, false, now);
    String gagged = legalRequest(registry, true, now);
    assertThat(api.get(ApiFixture.usagePath(CUSTOMER, FROM, TO), BILLING_TOKEN, "BILLING", null)
        .statusCode()).isEqualTo(200);
    assertThat(api.get("/v1/numbers/%2B442079460999/records" + WINDOW, FRAUD_TOKEN, "FRAUD",
        "FRAUD-CASE-77").statusCode()).isEqualTo(200);
    assertThat(api.get(ApiFixture.recordsPath(CUSTOMER, FROM, TO), ApiFixture.LEGAL_A_TOKEN,
        "LEGAL_PROCESS", open).statusCode()).isEqualTo(200);
    assertThat(api.get(ApiFixture.recordsPath(CUSTOMER, FROM, TO), ApiFixture.LEGAL_A_TOKEN,
        "LEGAL_PROCESS", gagged).statusCode()).isEqualTo(200);
    assertThat(api.get(ApiFixture.usagePath(OTHER_CUSTOMER, FROM, TO), BILLING_TOKEN, "BILLING", null)
        .statusCode()).isEqualTo(200);

    HttpResponse<String> r = api.get("/v1/customers/" + CUSTOMER.value() + "/access-log?from=2024-01-01&to=2024-04-01",
        ApiFixture.PORTAL_TOKEN, "CUSTOMER_ACCESS", null);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode accesses = JSON.readTree(r.body()).get("accesses");
    List<String> seen = new ArrayList<>();
    accesses.forEach(a -> seen.add(a.get("accessedBy").asText() + "/" + a.get("purpose").asText()
        + "/" + a.get("operation").asText() + "/" + a.path("records").asLong(-1)));
    assertThat(r.body()).doesNotContain("FRAUD-CASE-77").doesNotContain(open).doesNotContain(gagged);
    return seen;
  }

  private static String legalRequest(io.cdrvault.store.legal.LegalRegistry registry, boolean gag,
      Instant now) {
    String id = registry.register(new io.cdrvault.store.legal.NewLegalRequest(
        io.cdrvault.store.legal.Instrument.WARRANT, "Court", "1:24-mj-7",
        List.of(io.cdrvault.store.legal.LegalTarget.customer(CUSTOMER)), Instant.parse(FROM),
        Instant.parse(TO), now.plus(Duration.ofDays(9)), "c".repeat(64), gag), "legal-a", now).id();
    registry.approve(id, "legal-b", now);
    return id;
  }
}
