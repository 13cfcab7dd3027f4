package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static io.cdrvault.query.http.ApiFixture.LEGAL_A_TOKEN;
import static io.cdrvault.query.http.ApiFixture.PORTAL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.cdrvault.query.testing.PlaintextScan;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 10 against a real node (real RocksDB, real ledger): each is refused with
 * the right status, each refusal of an authenticated caller is audited exactly once, refusals of
 * anonymous callers are counted into one entry per (operation, rule), and after every test the
 * whole data directory — raw files and every column family read through RocksDB, the audit
 * column family included — holds none of the numbers, customer ids, long prefixes or purpose
 * texts the attacks sent.
 */
class AttackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FROM = "2024-02-01T00:00:00Z";
  private static final String TO = "2024-02-08T00:00:00Z";
  private static final String USAGE = ApiFixture.usagePath(CUSTOMER, FROM, TO);
  private static final String CONSENT = "/v1/customers/" + CUSTOMER.value() + "/consent";

  /** What the attacks send that must never be found in the data directory. */
  private static final String NUMBER = "+15551234567";
  private static final String PURPOSE_NUMBER = "+15559876543";
  private static final String PURPOSE_CUSTOMER = "C-7654321";
  private static final String CASE_NUMBER = "+15550001111";
  private static final List<String> NEEDLES = List.of(NUMBER, "15551234567", "5551234", "+1555123",
      PURPOSE_NUMBER, "15559876543", PURPOSE_CUSTOMER, "7654321", CASE_NUMBER, "15550001111",
      CUSTOMER.value());

  @TempDir
  java.nio.file.Path dir;
  ApiFixture api;

  private ApiFixture start() {
    api = ApiFixture.start(dir);
    return api;
  }

  @AfterEach
  void stopAndScan() {
    if (api == null) {
      return;
    }
    api.close();
    java.nio.file.Path data = dir.resolve("data");
    assertThat(PlaintextScan.auditEntries(data)).as("the scan reads the audit column family")
        .isGreaterThan(0);
    assertThat(PlaintextScan.findings(data, NEEDLES)).as("plaintext in the data directory").isEmpty();
  }

  // --- item 1: no body before authentication, every body capped on the stream ---

  @Test
  void chunkedConsentUpload_withoutToken_is401_andCountedOnce() throws Exception {
    start();
    ChunkedUpload.Result r = ChunkedUpload.post("127.0.0.1", api.server.port(), CONSENT,
        Map.of("X-CPNI-Purpose", "CUSTOMER_ACCESS"), 256L << 20);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bytesSent()).as("the server answered before the body was sent")
        .isLessThan(256L << 20);
    assertThat(api.audit()).as("anonymous refusals are counted, not yet written").isEmpty();
    assertThat(api.server.flushDenials()).isEqualTo(1);
    assertThat(api.audit()).singleElement().satisfies(e -> assertAnonymous(e, "consent",
        "unauthenticated", 1));
  }

  @Test
  void chunkedConsentUpload_overTheLimit_withToken_is413_auditedOnce() throws Exception {
    start();
    ChunkedUpload.Result r = ChunkedUpload.post("127.0.0.1", api.server.port(), CONSENT,
        Map.of("Authorization", "Bearer " + PORTAL_TOKEN, "X-CPNI-Purpose", "CUSTOMER_ACCESS"),
        256L << 20);

    assertThat(r.status()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).get("rule").asText()).isEqualTo("body-too-large");
    // 256 MiB as in the 401 case: with 64 MiB a busy machine once let the client's writer push the
    // whole body (over loopback, in ≈ 50 ms) before its reader thread had parsed the 413
    assertThat(r.bytesSent()).isGreaterThan(ApiSettings.DEFAULT_MAX_BODY_BYTES)
        .isLessThan(256L << 20);
    AuditEvent e = onlyEntry();
    assertThat(e.principal()).isEqualTo("portal-c1001");
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(e.rule()).isEqualTo("body-too-large");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void declaredLengthOverTheLimit_onEveryBodyRoute_is413_auditedOnceEach() {
    start();
    String big = "{\"note\":\"" + "A".repeat(ApiSettings.DEFAULT_MAX_BODY_BYTES) + "\"}";
    assertThat(api.post(CONSENT, PORTAL_TOKEN, "CUSTOMER_ACCESS", big).statusCode()).isEqualTo(413);
    assertThat(api.post("/v1/legal/requests", LEGAL_A_TOKEN, "LEGAL_PROCESS", big).statusCode())
        .isEqualTo(413);
    assertThat(api.post("/v1/legal/holds", LEGAL_A_TOKEN, "LEGAL_PROCESS", big).statusCode())
        .isEqualTo(413);

    assertThat(api.audit()).hasSize(3).allSatisfy(e -> {
      assertThat(e.event().rule()).isEqualTo("body-too-large");
      assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED);
    });
  }

  // --- item 2: nothing a caller sends reaches the ledger in plaintext ---

  @Test
  void destinationPrefix_longerThanTheBlindIndex_isPseudonymised_shortOneKept() throws Exception {
    start();
    HttpResponse<String> longOne = api.get("/v1/destinations/%2B15551234567/records?from=" + FROM
        + "&to=" + TO, FRAUD_TOKEN, "FRAUD", "FR-2024-1");
    HttpResponse<String> shortOne = api.get("/v1/destinations/%2B881/records?from=" + FROM
        + "&to=" + TO, FRAUD_TOKEN, "FRAUD", "FR-2024-1");

    assertThat(longOne.statusCode()).isEqualTo(200);
    assertThat(shortOne.statusCode()).isEqualTo(200);
    List<AuditEntry> decisions = api.audit();
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).event(Decision.class).scope().subject())
        .matches("\\+155~[0-9a-f]{32}");
    assertThat(decisions.get(1).event(Decision.class).scope().subject()).isEqualTo("+881");
  }

  @Test
  void purposeText_thatNamesNoPurpose_isRecordedAsUnknown() {
    start();
    assertThat(api.get(USAGE, BILLING_TOKEN, PURPOSE_NUMBER, null).statusCode()).isEqualTo(403);
    assertThat(api.get(USAGE, BILLING_TOKEN, PURPOSE_CUSTOMER, null).statusCode()).isEqualTo(403);

    assertThat(api.audit()).hasSize(2).allSatisfy(e -> {
      assertThat(e.event(Decision.class).purpose()).isEqualTo("UNKNOWN");
      assertThat(e.event().rule()).isEqualTo("unknown-purpose");
    });
  }

  @Test
  void caseReference_isRecordedAsAKeyedTag_sameCaseSameTag() {
    start();
    assertThat(api.get(USAGE, FRAUD_TOKEN, "FRAUD", CASE_NUMBER).statusCode()).isEqualTo(200);
    assertThat(api.get(USAGE, BILLING_TOKEN, "FRAUD", CASE_NUMBER).statusCode()).isEqualTo(403);

    List<AuditEntry> decisions = api.audit();
    assertThat(decisions).hasSize(2);
    assertThat(decisions.get(0).event(Decision.class).caseRef()).matches("case~[0-9a-f]{32}")
        .isEqualTo(decisions.get(1).event(Decision.class).caseRef());
  }

  // --- item 5: anonymous floods are counted, rate limited; authenticated refusals one each ---

  @Test
  void anonymousFlood_isOneEntryPerOperationAndRule_withTheCount() {
    start();
    for (int i = 0; i < 25; i++) {
      assertThat(api.get(USAGE, null, PURPOSE_NUMBER, CASE_NUMBER).statusCode()).isEqualTo(401);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(api.get(USAGE, "not-a-token", "BILLING", null).statusCode()).isEqualTo(401);
      assertThat(api.get(ApiFixture.recordsPath(CUSTOMER, FROM, TO), null, null, null).statusCode())
          .isEqualTo(401);
    }
    assertThat(api.audit()).isEmpty();

    api.server.close(); // flushes on close

    List<AuditEntry> decisions = api.audit();
    assertThat(decisions).hasSize(2);
    assertThat(decisions).anySatisfy(e -> assertAnonymous(e, "usage", "unauthenticated", 30));
    assertThat(decisions).anySatisfy(e -> assertAnonymous(e, "records", "unauthenticated", 5));
  }

  @Test
  void perAddressRateLimit_answers429ToUnauthenticated_countedIntoTheSameAggregation() {
    api = ApiFixture.start(dir, ApiSettings.of("127.0.0.1", 0).withRateLimit(1, 5));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(api.get(USAGE, null, null, null).statusCode());
    }
    int authenticated = api.get(USAGE, BILLING_TOKEN, "BILLING", null).statusCode();

    assertThat(statuses).containsOnly(401, 429);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(10);
    assertThat(authenticated).as("an authenticated caller is not held to the address's limit")
        .isEqualTo(200);
    api.server.flushDenials();
    List<AuditEntry> entries = api.audit();
    List<AuditEntry> anonymous = entries.stream()
        .filter(e -> e.event().principal().equals("anonymous")).toList();
    assertThat(anonymous.stream().mapToLong(e -> e.event(AnonymousRefusals.class).count()).sum())
        .isEqualTo(20);
    assertThat(anonymous).anySatisfy(e -> assertThat(e.event().rule()).isEqualTo("rate-limited"));
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.event().principal()).isEqualTo("billing-job");
      assertThat(e.event().outcome()).isEqualTo(Outcome.ALLOWED);
    });
  }

  @Test
  void authenticatedRefusals_areOneEntryEach() {
    start();
    for (int i = 0; i < 3; i++) {
      assertThat(api.get(USAGE, BILLING_TOKEN, "MARKETING", null).statusCode()).isEqualTo(403);
    }
    api.server.flushDenials();
    assertThat(api.audit()).hasSize(3).allSatisfy(e -> {
      assertThat(e.event().principal()).isEqualTo("billing-job");
      assertThat(e.event()).as("no count: a decision of its own").isInstanceOf(Decision.class);
    });
  }

  // --- item 8: assertions, ambiguous headers, duplicate members, double encoding ---

  @Test
  void customerAssertions_notYetValid_expiringBeforeIssued_orIssuedToAnother_areRefused() {
    start();
    Instant now = ApiFixture.CLOCK.instant();
    String notYet = ApiFixture.ASSERTIONS.sign(claims(now, now.plusSeconds(600), "care-unbound")
        .notBeforeTime(Date.from(now.plusSeconds(300))).build());
    String backwards = ApiFixture.ASSERTIONS.sign(claims(now, now, "care-unbound").build());
    String forPortal = ApiFixture.ASSERTIONS.issue(CUSTOMER, "portal-c1001", now, Duration.ofMinutes(5));
    String unbound = ApiFixture.ASSERTIONS.sign(claims(now, now.plusSeconds(300), null).build());
    String valid = ApiFixture.ASSERTIONS.issue(CUSTOMER, "care-unbound", now, Duration.ofMinutes(5));

    for (String a : List.of(notYet, backwards, forPortal, unbound)) {
      HttpResponse<String> r = careRead(a);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("invalid-customer-assertion");
    }
    assertThat(careRead(valid).statusCode()).isEqualTo(200);
    assertThat(api.audit()).hasSize(5);
    assertThat(api.audit().subList(0, 4)).allSatisfy(e ->
        assertThat(e.event().rule()).isEqualTo("invalid-customer-assertion"));
  }

  @Test
  void repeatedHeaders_areRefusedAsAmbiguous() throws Exception {
    start();
    HttpResponse<String> twoTokens = api.send(base(USAGE)
        .header("Authorization", "Bearer " + BILLING_TOKEN)
        .header("Authorization", "Bearer " + FRAUD_TOKEN).header("X-CPNI-Purpose", "BILLING").build());
    HttpResponse<String> twoPurposes = api.send(base(USAGE)
        .header("Authorization", "Bearer " + FRAUD_TOKEN)
        .header("X-CPNI-Purpose", "FRAUD").header("X-CPNI-Purpose", "BILLING").build());
    HttpResponse<String> twoCases = api.send(base(USAGE)
        .header("Authorization", "Bearer " + FRAUD_TOKEN).header("X-CPNI-Purpose", "FRAUD")
        .header("X-CPNI-Case", "FR-1").header("X-CPNI-Case", "FR-2").build());

    assertThat(twoTokens.statusCode()).isEqualTo(401);
    assertThat(twoPurposes.statusCode()).isEqualTo(400);
    assertThat(twoCases.statusCode()).isEqualTo(400);
    List<AuditEntry> decisions = api.audit();
    assertThat(decisions).hasSize(2).allSatisfy(e -> {
      assertThat(e.event().principal()).isEqualTo("fraud-analyst");
      assertThat(e.event().rule()).isEqualTo("bad-request");
      assertThat(e.event(Decision.class).caseRef()).isNull();
    });
    assertThat(decisions.get(0).event(Decision.class).purpose()).isNull();
    api.server.flushDenials();
    assertThat(api.audit()).hasSize(3).last().satisfies(e -> assertAnonymous(e, "usage",
        "unauthenticated", 1));
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void repeatedJsonMembers_areRefused_notLastOneWins() throws Exception {
    start();
    HttpResponse<String> r = api.post(CONSENT, PORTAL_TOKEN, "CUSTOMER_ACCESS",
        "{\"kind\":\"OPT_OUT\",\"kind\":\"OPT_IN\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(onlyEntry().rule()).isEqualTo("bad-request");
    assertThat(api.store.consentRegistry().history(CUSTOMER)).isEmpty();
  }

  @Test
  void doubleEncodedPathParameter_isRefused() {
    start();
    HttpResponse<String> r = api.get("/v1/numbers/%252B15551234567/records?from=" + FROM + "&to="
        + TO, FRAUD_TOKEN, "FRAUD", "FR-2024-1");

    assertThat(r.statusCode()).isEqualTo(400);
    AuditEvent e = onlyEntry();
    assertThat(e.rule()).isEqualTo("bad-request");
    assertThat(((Decision) e).scope().subject()).isNull();
    assertThat(api.store.readsStarted()).isZero();
  }

  // --- helpers ---

  private HttpRequest.Builder base(String path) {
    return HttpRequest.newBuilder(URI.create(api.server.baseUrl() + path))
        .timeout(Duration.ofSeconds(20)).GET();
  }

  private HttpResponse<String> careRead(String assertion) {
    return api.get(USAGE, CARE_UNBOUND_TOKEN, "CUSTOMER_ACCESS", null,
        Map.of("X-CPNI-Customer-Assertion", assertion));
  }

  private static JWTClaimsSet.Builder claims(Instant iat, Instant exp, String azp) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(CUSTOMER.value())
        .audience("cdrvault").issueTime(Date.from(iat)).expirationTime(Date.from(exp));
    return azp == null ? b : b.claim("azp", azp);
  }

  private AuditEvent onlyEntry() {
    List<AuditEntry> decisions = api.audit();
    assertThat(decisions).hasSize(1);
    return decisions.get(0).event();
  }

  private static void assertAnonymous(AuditEntry e, String operation, String rule, long count) {
    AnonymousRefusals ev = e.event(AnonymousRefusals.class);
    assertThat(ev.principal()).isEqualTo("anonymous");
    assertThat(ev.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(ev.operation()).isEqualTo(operation);
    assertThat(ev.rule()).isEqualTo(rule);
    assertThat(ev.count()).isEqualTo(count);
    // no purpose, subject or case: the kind has no slot for them
  }
}
