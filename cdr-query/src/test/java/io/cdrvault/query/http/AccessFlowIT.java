package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.PORTAL_TOKEN;
import static io.cdrvault.query.http.ApiFixture.recordsPath;
import static io.cdrvault.query.http.ApiFixture.usagePath;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The authenticate → purpose → parameters → policy → audit flow of the CPNI endpoints, over HTTP. */
class AccessFlowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FROM = "2024-01-01T00:00:00Z";
  private static final String TO = "2024-02-01T00:00:00Z";
  private static final String USAGE = usagePath(CUSTOMER, FROM, TO);

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    api.store.put(List.of(
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, Instant.parse("2024-01-10T09:00:00Z"),
            Disposition.ANSWERED, 60)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private AuditEntry onlyAuditEntry() {
    assertThat(api.audit()).hasSize(1);
    return api.audit().get(0);
  }

  @Test
  void usage_withoutToken_is401WithChallenge_andAuditedAsAnonymousDenial() throws IOException {
    HttpResponse<String> r = api.get(USAGE, null, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Bearer"));
    assertThat(json(r).get("error").asText()).isEqualTo("unauthenticated");
    assertThat(api.audit()).as("counted, written per interval (ADR 0013)").isEmpty();
    api.server.flushDenials();
    AnonymousRefusals e = onlyAuditEntry().event(AnonymousRefusals.class);
    assertThat(e.principal()).isEqualTo("anonymous");
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(e.rule()).isEqualTo("unauthenticated");
    assertThat(e.operation()).isEqualTo("usage");
    assertThat(e.count()).isEqualTo(1L);
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void usage_withForgedToken_is401WithInvalidTokenChallenge() throws IOException {
    HttpResponse<String> r = api.get(USAGE, BILLING_TOKEN + "x", "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(json(r).get("error").asText()).isEqualTo("unauthenticated");
    api.server.flushDenials();
    assertThat(onlyAuditEntry().event().principal()).isEqualTo("anonymous");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void usage_withBasicCredentials_is401() {
    HttpResponse<String> r = api.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(api.server.baseUrl() + USAGE))
        .header("Authorization", "Basic YmlsbGluZzpzZWNyZXQ=").header("X-CPNI-Purpose", "BILLING")
        .GET().build());

    assertThat(r.statusCode()).isEqualTo(401);
    api.server.flushDenials();
    assertThat(onlyAuditEntry().event().rule()).isEqualTo("unauthenticated");
  }

  @Test
  void usage_withoutPurpose_is403MissingPurpose_andAudited() throws IOException {
    HttpResponse<String> r = api.get(USAGE, BILLING_TOKEN, null, null);

    assertThat(r.statusCode()).isEqualTo(403);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo("forbidden");
    assertThat(body.get("rule").asText()).isEqualTo("missing-purpose");
    Decision e = onlyAuditEntry().event(Decision.class);
    assertThat(e.principal()).isEqualTo("billing-job");
    assertThat(e.purpose()).isNull();
    assertThat(e.rule()).isEqualTo("missing-purpose");
    assertThat(body.get("auditSequence").asLong()).isEqualTo(onlyAuditEntry().sequence());
  }

  @Test
  void usage_withUnknownPurpose_is403UnknownPurpose_andAudited() throws IOException {
    HttpResponse<String> r = api.get(USAGE, BILLING_TOKEN, "CURIOSITY", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("rule").asText()).isEqualTo("unknown-purpose");
    Decision e = onlyAuditEntry().event(Decision.class);
    assertThat(e.rule()).isEqualTo("unknown-purpose");
    assertThat(e.purpose()).as("caller text is never written").isEqualTo("UNKNOWN");
  }

  @Test
  void usage_withPurposeTheRoleLacks_is403RoleLacksPurpose_andAudited() throws IOException {
    HttpResponse<String> r = api.get(USAGE, BILLING_TOKEN, "MARKETING", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("rule").asText()).isEqualTo("role-lacks-purpose");
    Decision e = onlyAuditEntry().event(Decision.class);
    assertThat(e.principal()).isEqualTo("billing-job");
    assertThat(e.purpose()).isEqualTo("MARKETING");
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(e.rule()).isEqualTo("role-lacks-purpose");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void fraudAnalyst_withFraudPurposeButNoCase_is403MissingCaseReference() throws IOException {
    HttpResponse<String> r = api.get(USAGE, FRAUD_TOKEN, "FRAUD", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("rule").asText()).isEqualTo("missing-case-reference");
    AuditEvent e = onlyAuditEntry().event();
    assertThat(e.rule()).isEqualTo("missing-case-reference");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void fraudAnalyst_withCase_readsUsage_andTheCaseIsAudited() throws IOException {
    HttpResponse<String> r = api.get(USAGE, FRAUD_TOKEN, "FRAUD", "CASE-2024-0042");

    assertThat(r.statusCode()).isEqualTo(200);
    Decision e = onlyAuditEntry().event(Decision.class);
    assertThat(e.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(e.caseRef()).as("a keyed tag, not the text (it could be a number)")
        .isEqualTo("case~" + api.store.customerTagger().referenceTagHex("c|CASE-2024-0042"));
    assertThat(api.completions()).singleElement().satisfies(c -> {
      assertThat(c.event(Completion.class).decisionSequence())
          .isEqualTo(onlyAuditEntry().sequence());
      assertThat(c.event(Completion.class).resultCount()).isEqualTo(1L);
    });
  }

  @Test
  void customerAccess_forAnotherCustomer_is403CustomerMismatch() throws IOException {
    HttpResponse<String> r = api.get(usagePath(OTHER_CUSTOMER, FROM, TO), PORTAL_TOKEN,
        "CUSTOMER_ACCESS", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("rule").asText()).isEqualTo("customer-mismatch");
    assertThat(onlyAuditEntry().event().rule()).isEqualTo("customer-mismatch");
    assertThat(r.body()).doesNotContain(OTHER_CUSTOMER.value()).doesNotContain(CUSTOMER.value());
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void customerAccess_forOwnRecords_isAllowed() throws IOException {
    HttpResponse<String> r = api.get(USAGE, PORTAL_TOKEN, "CUSTOMER_ACCESS", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("records").asLong()).isEqualTo(1);
    Decision e = onlyAuditEntry().event(Decision.class);
    assertThat(e.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(e.purpose()).isEqualTo("CUSTOMER_ACCESS");
  }

  @Test
  void customerAccess_byPrincipalNotBoundToACustomer_is403() throws IOException {
    HttpResponse<String> r = api.get(USAGE, CARE_UNBOUND_TOKEN, "CUSTOMER_ACCESS", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("rule").asText()).isEqualTo("no-customer-authentication");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("from after to", usagePath(CUSTOMER, TO, FROM), null),
        Arguments.of("from equals to", usagePath(CUSTOMER, FROM, FROM), null),
        Arguments.of("from not a time", usagePath(CUSTOMER, "yesterday", TO), null),
        Arguments.of("to missing", "/v1/customers/" + CUSTOMER.value() + "/usage?from=" + FROM, null),
        Arguments.of("window over 400 days", usagePath(CUSTOMER, "2022-01-01", "2024-01-01"), null),
        Arguments.of("customer id with a bad character", "/v1/customers/C%2B1001/usage?from=" + FROM
            + "&to=" + TO, null),
        Arguments.of("case header too long", USAGE, "X".repeat(129)),
        Arguments.of("records: to not a time", recordsPath(CUSTOMER, FROM, "soon"), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badParameters_are400BadRequest_andAudited(String name, String path, String caseRef)
      throws IOException {
    HttpResponse<String> r = api.get(path, BILLING_TOKEN, "BILLING", caseRef);

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo("bad-request");
    assertThat(body.get("reason").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain(CUSTOMER.value()).doesNotContain("yesterday")
        .doesNotContain("soon");
    AuditEvent e = onlyAuditEntry().event();
    assertThat(e.rule()).isEqualTo("bad-request");
    assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void windowOfExactlyTheMaximum_isAccepted() {
    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2023-01-01", "2024-02-05"), BILLING_TOKEN,
        "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void usage_whenAuditLedgerFails_is503_andReadsNothing() throws IOException {
    api.ledger.failAppends(true);

    HttpResponse<String> r = api.get(USAGE, BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode body = json(r);
    assertThat(body.get("error").asText()).isEqualTo("audit-unavailable");
    assertThat(body.has("voice")).isFalse();
    assertThat(body.has("records")).isFalse();
    assertThat(r.body()).doesNotContain(CUSTOMER.value());
    assertThat(api.store.readsStarted()).isZero();
    assertThat(api.audit()).isEmpty();
  }

  @Test
  void records_whenAuditLedgerFails_is503_andStreamsNothing() throws IOException {
    api.ledger.failAppends(true);

    HttpResponse<String> r = api.get(recordsPath(CUSTOMER, FROM, TO), BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(json(r).get("error").asText()).isEqualTo("audit-unavailable");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void unauthenticatedRequest_whenAuditLedgerFails_is401_andItsCountIsKeptUntilItCanBeWritten() {
    api.ledger.failAppends(true);

    assertThat(api.get(USAGE, null, "BILLING", null).statusCode()).isEqualTo(401);
    assertThat(api.server.flushDenials()).isZero();
    api.ledger.failAppends(false);
    assertThat(api.server.flushDenials()).isEqualTo(1);
    assertThat(onlyAuditEntry().event(AnonymousRefusals.class).count()).isEqualTo(1L);
  }

  static Stream<Arguments> everyKindOfRequest() {
    return Stream.of(
        Arguments.of("no token", USAGE, null, "BILLING", null),
        Arguments.of("forged token", USAGE, "not-a-real-token", "BILLING", null),
        Arguments.of("no purpose", USAGE, BILLING_TOKEN, null, null),
        Arguments.of("unknown purpose", USAGE, BILLING_TOKEN, "<script>", null),
        Arguments.of("bad window", usagePath(CUSTOMER, TO, FROM), BILLING_TOKEN, "BILLING", null),
        Arguments.of("role lacks purpose", USAGE, FRAUD_TOKEN, "BILLING", null),
        Arguments.of("fraud without case", USAGE, FRAUD_TOKEN, "FRAUD", null),
        Arguments.of("customer mismatch", usagePath(OTHER_CUSTOMER, FROM, TO), PORTAL_TOKEN,
            "CUSTOMER_ACCESS", null),
        Arguments.of("allowed usage", USAGE, BILLING_TOKEN, "BILLING", null),
        Arguments.of("allowed records", recordsPath(CUSTOMER, FROM, TO), BILLING_TOKEN, "BILLING", null),
        Arguments.of("denied records", recordsPath(CUSTOMER, FROM, TO), null, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfRequest")
  void everyCpniRequest_producesExactlyOneDecisionEntry_andACompletionOnlyWhenAllowed(String name,
      String path, String token, String purpose, String caseRef) {
    long before = api.ledger.lastSequence();

    HttpResponse<String> r = api.get(path, token, purpose, caseRef);
    if (r.statusCode() == 401) {
      api.server.flushDenials(); // anonymous refusals are counted and written per interval
    }

    assertThat(api.audit()).as("decision entries for %s (status %d)", name, r.statusCode()).hasSize(1);
    assertThat(api.ledger.lastSequence() - before).as("entries for %s", name)
        .isEqualTo(r.statusCode() == 200 ? 2 : 1);
    if (r.statusCode() == 200) {
      assertThat(api.completions()).singleElement().satisfies(c ->
          assertThat(c.event(Completion.class).decisionSequence())
              .isEqualTo(api.audit().get(0).sequence()));
    }
  }

  @Test
  void auditEntries_carryThePseudonymNotTheCustomerId() {
    api.get(USAGE, BILLING_TOKEN, "BILLING", null);
    api.get(USAGE, null, "BILLING", null);
    api.server.flushDenials();

    assertThat(api.audit()).hasSize(2).allSatisfy(entry ->
        assertThat(entry.event().toString()).doesNotContain(CUSTOMER.value()));
    assertThat(api.audit().get(0).event(Decision.class).scope().subject())
        .isEqualTo(api.store.customerTagger().tagHex(CUSTOMER));
    assertThat(api.audit().get(1).event()).as("nothing of an anonymous request")
        .isInstanceOf(AnonymousRefusals.class);
  }

  @Test
  void logsAndErrorBodies_neverContainTokensOrCustomerIds() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    Logger cdrvault = (Logger) LoggerFactory.getLogger("io.cdrvault");
    ch.qos.logback.classic.Level level = cdrvault.getLevel();
    cdrvault.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      List<HttpResponse<String>> responses = List.of(
          api.get(USAGE, null, "BILLING", null),
          api.get(USAGE, BILLING_TOKEN + "x", "BILLING", null),
          api.get(USAGE, BILLING_TOKEN, null, null),
          api.get(usagePath(CUSTOMER, TO, FROM), BILLING_TOKEN, "BILLING", null),
          api.get(usagePath(OTHER_CUSTOMER, FROM, TO), PORTAL_TOKEN, "CUSTOMER_ACCESS", null),
          api.get(USAGE, BILLING_TOKEN, "BILLING", null));
      api.ledger.failAppends(true);
      HttpResponse<String> failed = api.get(USAGE, BILLING_TOKEN, "BILLING", null);

      assertThat(captured.list).isNotEmpty();
      for (ILoggingEvent e : captured.list) {
        assertThat(e.getFormattedMessage()).doesNotContain(CUSTOMER.value())
            .doesNotContain(OTHER_CUSTOMER.value()).doesNotContain(BILLING_TOKEN)
            .doesNotContain(PORTAL_TOKEN);
      }
      for (HttpResponse<String> r : responses.subList(0, 5)) {
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(r.body()).doesNotContain(CUSTOMER.value()).doesNotContain(OTHER_CUSTOMER.value())
            .doesNotContain(BILLING_TOKEN).doesNotContain("+1555");
      }
      assertThat(failed.body()).doesNotContain(CUSTOMER.value());
    } finally {
      root.detachAppender(captured);
      cdrvault.setLevel(level);
    }
  }

  @Test
  void metrics_countDecisionsByPurposeAndOutcome() {
    api.get(USAGE, null, null, null);
    api.get(USAGE, BILLING_TOKEN, "BILLING", null);
    api.get(USAGE, BILLING_TOKEN, "BILLING", null);
    api.get(USAGE, BILLING_TOKEN, "NOPE", null);
    api.get(USAGE, BILLING_TOKEN, "MARKETING", null);

    HttpResponse<String> r = api.get("/metrics", null, null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    List<String> lines = r.body().lines().filter(l -> l.startsWith("cdr_access_decisions_total{"))
        .toList();
    assertThat(value(lines, "NONE", "DENIED")).isEqualTo(1.0);
    assertThat(value(lines, "BILLING", "ALLOWED")).isEqualTo(2.0);
    assertThat(value(lines, "UNKNOWN", "DENIED")).isEqualTo(1.0);
    assertThat(value(lines, "MARKETING", "DENIED")).isEqualTo(1.0);
    assertThat(lines).hasSize(4);
  }

  private static double value(List<String> lines, String purpose, String outcome) {
    return lines.stream()
        .filter(l -> l.contains("purpose=\"" + purpose + "\"") && l.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no sample for " + purpose + "/" + outcome
            + " in " + lines));
  }

  @Test
  void health_isUp_andUnknownPaths_are404Json() throws IOException {
    HttpResponse<String> health = api.get("/health", null, null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("UP");

    HttpResponse<String> missing = api.get("/v1/nothing-here", null, null, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isEqualTo("not-found");
    assertThat(api.audit()).isEmpty();
  }

  @Test
  void close_isIdempotent_andStopsServing() {
    String health = api.server.baseUrl() + "/health";

    api.server.close();
    api.server.close();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(health)).build(),
            HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
