package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CLOCK;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.MARKETING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.PORTAL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.consent.ConsentKind;
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

/** {@code GET/POST /v1/customers/{id}/consent}: the customer's own CPNI approval, audited. */
class ConsentEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = CLOCK.instant();
  private static final String PATH = "/v1/customers/" + CUSTOMER.value() + "/consent";

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

  private List<AuditEntry> newEntries(int before) {
    List<AuditEntry> all = api.ledgerEntries();
    return all.subList(before, all.size());
  }

  @Test
  void portalCustomer_recordsANotice_thenSeesItPendingForThirtyDays() throws IOException {
    int before = api.ledgerEntries().size();
    HttpResponse<String> r = api.post(PATH, PORTAL_TOKEN, "CUSTOMER_ACCESS",
        "{\"kind\":\"OPT_OUT_NOTICE\",\"note\":\"annual notice, email\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.at("/version/version").asInt()).isEqualTo(1);
    assertThat(body.at("/version/kind").asText()).isEqualTo("OPT_OUT_NOTICE");
    assertThat(body.at("/version/effectiveAt").asText()).isEqualTo(NOW.toString());
    assertThat(body.at("/version/recordedBy").asText()).isEqualTo("portal-c1001");
    assertThat(body.at("/version/note").asText()).isEqualTo("annual notice, email");
    assertThat(body.at("/state/status").asText()).isEqualTo("NOTICE_PENDING");
    assertThat(body.at("/state/allowsMarketing").asBoolean()).isFalse();
    assertThat(body.at("/state/approvalBegins").asText())
        .isEqualTo(NOW.plus(Duration.ofDays(30)).toString());
    List<AuditEntry> entries = newEntries(before);
    assertThat(entries).extracting(e -> e.event().outcome())
        .containsExactly(Outcome.ALLOWED, Outcome.COMPLETED);
    assertThat(entries.get(0).event().operation()).isEqualTo("consent");
    assertThat(entries.get(0).event(Decision.class).purpose()).isEqualTo("CUSTOMER_ACCESS");
    assertThat(entries.get(1).event(Completion.class).resultCount()).isEqualTo(1L);
    assertThat(api.store.consentRegistry().history(CUSTOMER)).hasSize(1);

    int beforeGet = api.ledgerEntries().size();
    HttpResponse<String> g = api.get(PATH, PORTAL_TOKEN, "CUSTOMER_ACCESS", null);
    assertThat(g.statusCode()).isEqualTo(200);
    JsonNode h = JSON.readTree(g.body());
    assertThat(h.get("history")).hasSize(1);
    assertThat(h.at("/history/0/kind").asText()).isEqualTo("OPT_OUT_NOTICE");
    assertThat(h.at("/state/status").asText()).isEqualTo("NOTICE_PENDING");
    assertThat(h.at("/state/basisVersion").asInt()).isEqualTo(1);
    assertThat(newEntries(beforeGet)).extracting(e -> e.event().outcome())
        .containsExactly(Outcome.ALLOWED, Outcome.COMPLETED);
  }

  @Test
  void get_showsFullHistory_andTheStateItRestsOn() throws IOException {
    api.store.consentRegistry().record(CUSTOMER, ConsentKind.OPT_IN,
        NOW.minus(Duration.ofDays(90)), "care-agent", "phone", NOW.minus(Duration.ofDays(90)));
    api.store.consentRegistry().record(CUSTOMER, ConsentKind.OPT_OUT,
        NOW.minus(Duration.ofDays(10)), "portal-c1001", "", NOW.minus(Duration.ofDays(10)));

    HttpResponse<String> g = api.get(PATH, PORTAL_TOKEN, "CUSTOMER_ACCESS", null);

    JsonNode h = JSON.readTree(g.body());
    assertThat(h.get("history")).extracting(v -> v.get("kind").asText())
        .containsExactly("OPT_IN", "OPT_OUT");
    assertThat(h.at("/state/status").asText()).isEqualTo("OPTED_OUT");
    assertThat(h.at("/state/basisVersion").asInt()).isEqualTo(2);
    assertThat(h.at("/state/since").asText()).isEqualTo(NOW.minus(Duration.ofDays(10)).toString());
    assertThat(api.ledgerEntries().get(api.ledgerEntries().size() - 1)
        .event(Completion.class).resultCount()).isEqualTo(2L);
  }

  @Test
  void backdatedOptIn_isA400_auditedAsBadRequest_andRecordsNothing() throws IOException {
    int before = api.ledgerEntries().size();
    HttpResponse<String> r = api.post(PATH, PORTAL_TOKEN, "CUSTOMER_ACCESS",
        "{\"kind\":\"OPT_IN\",\"effectiveAt\":\"2024-01-01T00:00:00Z\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("rule").asText()).isEqualTo("bad-request");
    assertThat(newEntries(before)).singleElement().satisfies(e -> {
      assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED);
      assertThat(e.event().rule()).isEqualTo("bad-request");
    });
    assertThat(api.store.consentRegistry().history(CUSTOMER)).isEmpty();
  }

  @Test
  void malformedBodies_are400() {
    for (String body : List.of("", "[]", "{\"kind\":\"MAYBE\"}", "{\"kind\":\"OPT_IN\",\"x\":1}",
        "{\"kind\":\"OPT_IN\",\"note\":\"" + "n".repeat(257) + "\"}")) {
      assertThat(api.post(PATH, PORTAL_TOKEN, "CUSTOMER_ACCESS", body).statusCode()).as(body)
          .isEqualTo(400);
    }
    assertThat(api.store.consentRegistry().history(CUSTOMER)).isEmpty();
  }

  @Test
  void anotherCustomer_anUnauthenticatedCareAgent_andMarketing_areRefusedAndAudited()
      throws IOException {
    String other = "/v1/customers/" + OTHER_CUSTOMER.value() + "/consent";
    int before = api.ledgerEntries().size();

    HttpResponse<String> mismatch = api.post(other, PORTAL_TOKEN, "CUSTOMER_ACCESS",
        "{\"kind\":\"OPT_OUT\"}");
    HttpResponse<String> noAuth = api.get(PATH, CARE_UNBOUND_TOKEN, "CUSTOMER_ACCESS", null);
    HttpResponse<String> marketing = api.post(PATH, MARKETING_TOKEN, "MARKETING",
        "{\"kind\":\"OPT_IN\"}");

    assertThat(mismatch.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(mismatch.body()).get("rule").asText()).isEqualTo("customer-mismatch");
    assertThat(noAuth.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(noAuth.body()).get("rule").asText())
        .isEqualTo("no-customer-authentication");
    assertThat(marketing.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(marketing.body()).get("rule").asText())
        .isEqualTo("operation-not-allowed-for-purpose");
    assertThat(newEntries(before)).hasSize(3)
        .allSatisfy(e -> assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED));
    assertThat(api.store.consentRegistry().history(CUSTOMER)).isEmpty();
    assertThat(api.store.consentRegistry().history(OTHER_CUSTOMER)).isEmpty();
  }
}
