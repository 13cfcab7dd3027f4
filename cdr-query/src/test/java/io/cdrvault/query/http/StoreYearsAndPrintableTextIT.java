package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.ANALYST_TOKEN;
import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static io.cdrvault.query.http.ApiFixture.LEGAL_A_TOKEN;
import static io.cdrvault.query.http.ApiFixture.MARKETING_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.testing.SampleCdrs;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Times the store cannot hold (before 1970, from the year 10000 on: records are keyed by UTC month
 * with a four-digit year) are refused as 400 bad requests, audited once, wherever a window is
 * given — reads, legal request registration, holds — instead of a 500 or a silently empty 200. And
 * a hold's reference or a legal request's case number must be printable text.
 */
class StoreYearsAndPrintableTextIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IN_RANGE = "2024-01-01";
  private static final String RULE_TEXT = "1970..9999";

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    api.store.put(List.of(SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING,
        Instant.parse("2024-01-10T09:00:00Z"), Disposition.ANSWERED, 60)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** from, to, the parameter named in the refusal. */
  static Stream<Arguments> windows() {
    return Stream.of(
        Arguments.of("1969-12-01", "1970-02-01", "from"),
        Arguments.of("0001-01-01", "0001-02-01", "from"),
        Arguments.of("9999-12-01", "%2B10000-01-02T00:00:00Z", "to"),
        Arguments.of("%2B10000-01-01", "%2B10000-02-01", "from"),
        Arguments.of("%2B999999999-01-01", "%2B999999999-02-01", "from"));
  }

  /** path prefix (the window is appended), token, purpose, case header. */
  static Stream<Arguments> reads() {
    String c = "/v1/customers/" + CUSTOMER.value();
    return Stream.of(
        Arguments.of(c + "/usage?", BILLING_TOKEN, "BILLING", null),
        Arguments.of(c + "/records?", BILLING_TOKEN, "BILLING", null),
        Arguments.of("/v1/numbers/%2B12025550123/records?", FRAUD_TOKEN, "FRAUD", "F-1"),
        Arguments.of("/v1/destinations/%2B881/records?", FRAUD_TOKEN, "FRAUD", "F-1"),
        Arguments.of("/v1/billing/usage?", BILLING_TOKEN, "BILLING", null),
        Arguments.of("/v1/marketing/usage?", MARKETING_TOKEN, "MARKETING", null),
        Arguments.of("/v1/aggregates/usage?groupBy=type&", ANALYST_TOKEN, "AGGREGATE", null));
  }

  static Stream<Arguments> readsOverWindows() {
    return reads().flatMap(r -> windows().map(w -> Arguments.of(r.get()[0], r.get()[1], r.get()[2],
        r.get()[3], w.get()[0], w.get()[1], w.get()[2])));
  }

  @ParameterizedTest(name = "{0} from={4} to={5}")
  @MethodSource("readsOverWindows")
  void readOverAWindowOutsideTheStoresYears_is400_auditedOnce(String path, String token,
      String purpose, String caseRef, String from, String to, String which) throws IOException {
    HttpResponse<String> r = api.get(path + "from=" + from + "&to=" + to, token, purpose, caseRef);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("bad-request");
    assertThat(body.get("reason").asText()).contains("'" + which + "'").contains(RULE_TEXT);
    assertOneBadRequestAudited();
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void readAtTheEdgesOfTheStoresYears_isServed() {
    HttpResponse<String> early = api.get("/v1/customers/" + CUSTOMER.value()
        + "/usage?from=1970-01-01&to=1970-02-01", BILLING_TOKEN, "BILLING", null);
    HttpResponse<String> late = api.get("/v1/customers/" + CUSTOMER.value()
        + "/usage?from=9999-12-01&to=%2B10000-01-01T00:00:00Z", BILLING_TOKEN, "BILLING", null);

    assertThat(early.statusCode()).as(early.body()).isEqualTo(200);
    assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
  }

  @ParameterizedTest(name = "from={0} to={1}")
  @MethodSource("windows")
  void legalRequestOverAWindowOutsideTheStoresYears_is400_auditedOnce(String from, String to,
      String which) throws IOException {
    HttpResponse<String> r = api.post("/v1/legal/requests", LEGAL_A_TOKEN, "LEGAL_PROCESS",
        legalRequest(from.replace("%2B", "+"), to.replace("%2B", "+"), "GJ-2026-1138"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("member '" + which + "'")
        .contains(RULE_TEXT);
    assertOneBadRequestAudited();
  }

  @ParameterizedTest(name = "from={0} to={1}")
  @MethodSource("windows")
  void holdOverAWindowOutsideTheStoresYears_is400_auditedOnce_andNotCreated(String from, String to,
      String which) throws IOException {
    HttpResponse<String> r = api.post("/v1/legal/holds", LEGAL_A_TOKEN, "LEGAL_PROCESS",
        hold(from.replace("%2B", "+"), to.replace("%2B", "+"), "PRES-2024-7"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("member '" + which + "'")
        .contains(RULE_TEXT);
    assertOneBadRequestAudited();
    assertThat(api.store.holdRegistry().all()).isEmpty();
  }

  @ParameterizedTest(name = "reference with U+{0}")
  @ValueSource(strings = {"001b", "000a", "000d", "0085", "202e", "2028", "0000"})
  void holdReferenceWithAnUnprintableCharacter_is400_auditedOnce_andNotCreated(String hex)
      throws IOException {
    String reference = "PRES" + (char) Integer.parseInt(hex, 16) + "[2J-2024-7";
    HttpResponse<String> r = api.post("/v1/legal/holds", LEGAL_A_TOKEN, "LEGAL_PROCESS",
        hold(IN_RANGE, "2024-02-01", reference));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("reason").asText())
        .isEqualTo("member 'reference' must be printable text: it has a control or other "
            + "unprintable character at index 4");
    assertThat(r.body()).doesNotContain("[2J");
    assertOneBadRequestAudited();
    assertThat(api.store.holdRegistry().all()).isEmpty();
  }

  @Test
  void holdReferenceOfPrintableText_isStoredAsGiven() throws IOException {
    String reference = "2703(f) Köln 12 KLs 3/24 § 100a";
    HttpResponse<String> r = api.post("/v1/legal/holds", LEGAL_A_TOKEN, "LEGAL_PROCESS",
        hold(IN_RANGE, "2024-02-01", reference));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(api.store.holdRegistry().all()).singleElement()
        .satisfies(h -> assertThat(h.reference()).isEqualTo(reference));
  }

  @ParameterizedTest(name = "case number with U+{0}")
  @ValueSource(strings = {"001b", "000a", "202e", "2028"})
  void legalRequestCaseNumberWithAnUnprintableCharacter_is400_auditedOnce(String hex)
      throws IOException {
    String caseNumber = "GJ" + (char) Integer.parseInt(hex, 16) + "[2J-1138";
    HttpResponse<String> r = api.post("/v1/legal/requests", LEGAL_A_TOKEN, "LEGAL_PROCESS",
        legalRequest(IN_RANGE, "2024-02-01", caseNumber));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("reason").asText())
        .contains("caseNumber has a control or other unprintable character at index 2");
    assertThat(r.body()).doesNotContain("[2J");
    assertOneBadRequestAudited();
  }

  private void assertOneBadRequestAudited() {
    assertThat(api.audit()).singleElement().satisfies(e -> {
      assertThat(e.event().rule()).isEqualTo("bad-request");
      assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED);
    });
  }

  private static String hold(String from, String to, String reference) {
    ObjectNode b = JSON.createObjectNode();
    b.putArray("targets").addObject().put("kind", "CUSTOMER").put("value", CUSTOMER.value());
    b.put("from", from).put("to", to).put("reference", reference);
    return b.toString();
  }

  private static String legalRequest(String from, String to, String caseNumber) {
    ObjectNode b = JSON.createObjectNode();
    b.put("instrument", "SUBPOENA").put("issuingAuthority", "Grand Jury").put("caseNumber", caseNumber);
    b.putArray("targets").addObject().put("kind", "CUSTOMER").put("value", CUSTOMER.value());
    b.put("from", from).put("to", to).put("expiresAt", "2024-06-01T00:00:00Z")
        .put("servedDocumentSha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    return b.toString();
  }
}
