package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CLOCK;
import static io.cdrvault.query.http.ApiFixture.MARKETING_TOKEN;
import static io.cdrvault.store.model.Direction.ORIGINATING;
import static io.cdrvault.store.model.Direction.TERMINATING;
import static io.cdrvault.store.model.Disposition.ANSWERED;
import static io.cdrvault.store.model.Disposition.NO_ANSWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/marketing/usage}: only customers whose approval allows marketing at read time,
 * only service types and volumes.
 */
class MarketingEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = CLOCK.instant();
  private static final CustomerId OPTED_IN = CustomerId.of("M-OPTIN");
  private static final CustomerId NOTICE_29_DAYS = CustomerId.of("M-NOTICE29");
  private static final CustomerId NOTICE_30_DAYS = CustomerId.of("M-NOTICE30");
  private static final CustomerId OPTED_OUT = CustomerId.of("M-OPTOUT");
  private static final CustomerId NOTICE_THEN_OUT = CustomerId.of("M-NOTICE-OUT");
  private static final CustomerId NO_RECORD = CustomerId.of("M-NONE");
  private static final String FROM = "2024-02-01T00:00:00Z";
  private static final String TO = "2024-03-01T00:00:00Z";
  private static final Set<String> ALLOWED_KEYS = Set.of("customerId", "voice", "sms");

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    List<CustomerCdr> records = new ArrayList<>();
    for (CustomerId c : List.of(OPTED_IN, NOTICE_29_DAYS, NOTICE_30_DAYS, OPTED_OUT,
        NOTICE_THEN_OUT, NO_RECORD)) {
      records.add(SampleCdrs.voice(c, ORIGINATING, Instant.parse("2024-02-03T10:00:00Z"), ANSWERED, 120));
      records.add(SampleCdrs.voice(c, TERMINATING, Instant.parse("2024-02-04T11:00:00Z"), ANSWERED, 30));
      records.add(SampleCdrs.voice(c, ORIGINATING, Instant.parse("2024-02-05T12:00:00Z"), NO_ANSWER, 0));
      records.add(SampleCdrs.sms(c, ORIGINATING, Instant.parse("2024-02-06T13:00:00Z"), 3));
      // outside the window: never counted
      records.add(SampleCdrs.sms(c, ORIGINATING, Instant.parse("2024-01-06T13:00:00Z"), 7));
    }
    api.store.put(records);
    ConsentRegistry reg = api.store.consentRegistry();
    Instant longAgo = NOW.minus(Duration.ofDays(200));
    reg.record(OPTED_IN, ConsentKind.OPT_IN, longAgo, "care-agent", "phone", longAgo);
    Instant n29 = NOW.minus(Duration.ofDays(29));
    reg.record(NOTICE_29_DAYS, ConsentKind.OPT_OUT_NOTICE, n29, "marketing-ops", "mail", n29);
    Instant n30 = NOW.minus(Duration.ofDays(30));
    reg.record(NOTICE_30_DAYS, ConsentKind.OPT_OUT_NOTICE, n30, "marketing-ops", "mail", n30);
    reg.record(OPTED_OUT, ConsentKind.OPT_IN, longAgo, "care-agent", "", longAgo);
    reg.record(OPTED_OUT, ConsentKind.OPT_OUT, NOW.minus(Duration.ofDays(1)), "portal", "",
        NOW.minus(Duration.ofDays(1)));
    Instant n40 = NOW.minus(Duration.ofDays(40));
    reg.record(NOTICE_THEN_OUT, ConsentKind.OPT_OUT_NOTICE, n40, "marketing-ops", "", n40);
    reg.record(NOTICE_THEN_OUT, ConsentKind.OPT_OUT, n40.plus(Duration.ofDays(20)), "portal", "",
        n40.plus(Duration.ofDays(20)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String path(String customer) {
    return "/v1/marketing/usage?from=" + FROM + "&to=" + TO
        + (customer == null ? "" : "&customerId=" + customer);
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
  void allCustomers_listsExactlyTheConsentingOnes_withServiceVolumesOnly() throws IOException {
    int before = api.ledgerEntries().size();
    HttpResponse<String> r = api.get(path(null), MARKETING_TOKEN, "MARKETING", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/x-ndjson"));
    List<JsonNode> lines = lines(r);
    JsonNode end = lines.remove(lines.size() - 1);
    assertThat(end.get("end").asBoolean()).isTrue();
    assertThat(end.get("customers").asLong()).isEqualTo(2);
    Map<String, JsonNode> byCustomer = new HashMap<>();
    for (JsonNode l : lines) {
      Set<String> keys = new java.util.HashSet<>();
      l.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).isEqualTo(ALLOWED_KEYS);
      Set<String> voiceKeys = new java.util.HashSet<>();
      l.get("voice").fieldNames().forEachRemaining(voiceKeys::add);
      assertThat(voiceKeys).containsExactlyInAnyOrder("calls", "billableSeconds");
      Set<String> smsKeys = new java.util.HashSet<>();
      l.get("sms").fieldNames().forEachRemaining(smsKeys::add);
      assertThat(smsKeys).containsExactlyInAnyOrder("messages", "segments");
      byCustomer.put(l.get("customerId").asText(), l);
    }
    assertThat(byCustomer.keySet()).containsExactlyInAnyOrder(OPTED_IN.value(),
        NOTICE_30_DAYS.value());
    JsonNode in = byCustomer.get(OPTED_IN.value());
    assertThat(in.at("/voice/calls").asLong()).isEqualTo(3);
    assertThat(in.at("/voice/billableSeconds").asLong()).isEqualTo(150);
    assertThat(in.at("/sms/messages").asLong()).isEqualTo(1);
    assertThat(in.at("/sms/segments").asLong()).isEqualTo(3);
    // no call detail anywhere in the body
    assertThat(r.body()).doesNotContain(SampleCdrs.SUBSCRIBER.e164(),
        SampleCdrs.OTHER_PARTY.e164(), "2024-02-03", "start", "called", "calling", "direction");

    List<AuditEntry> entries = api.ledgerEntries().subList(before, api.ledgerEntries().size());
    assertThat(entries).extracting(e -> e.event().outcome())
        .containsExactly(Outcome.ALLOWED, Outcome.COMPLETED);
    Decision decision = entries.get(0).event(Decision.class);
    assertThat(decision.operation()).isEqualTo("marketing-usage");
    assertThat(decision.fields()).containsExactlyInAnyOrder("type", "billableSeconds", "smsSegments");
    Completion completion = entries.get(1).event(Completion.class);
    assertThat(completion.resultCount()).isEqualTo(8L);
    assertThat(completion.subjects()).containsExactlyInAnyOrder(
        api.store.customerTagger().tagHex(OPTED_IN), api.store.customerTagger().tagHex(NOTICE_30_DAYS));
  }

  @Test
  void oneCustomer_withApproval_isOneLine_withoutApproval_is403NoMarketingApproval()
      throws IOException {
    HttpResponse<String> ok = api.get(path(NOTICE_30_DAYS.value()), MARKETING_TOKEN, "MARKETING", null);
    assertThat(ok.statusCode()).isEqualTo(200);
    List<JsonNode> lines = lines(ok);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("customerId").asText()).isEqualTo(NOTICE_30_DAYS.value());
    assertThat(lines.get(1).get("customers").asLong()).isEqualTo(1);

    for (CustomerId refused : List.of(NOTICE_29_DAYS, OPTED_OUT, NOTICE_THEN_OUT, NO_RECORD)) {
      int before = api.ledgerEntries().size();
      HttpResponse<String> r = api.get(path(refused.value()), MARKETING_TOKEN, "MARKETING", null);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(r.body()).get("rule").asText()).isEqualTo("no-marketing-approval");
      assertThat(r.body()).doesNotContain(refused.value());
      List<AuditEntry> entries = api.ledgerEntries().subList(before, api.ledgerEntries().size());
      assertThat(entries).singleElement().satisfies(
          e -> assertThat(e.event().rule()).isEqualTo("no-marketing-approval"));
    }
  }

  @Test
  void consentWithdrawnNow_takesEffectOnTheNextRead() throws IOException {
    api.store.consentRegistry().record(OPTED_IN, ConsentKind.OPT_OUT, NOW, "portal", "", NOW);

    List<JsonNode> lines = lines(api.get(path(null), MARKETING_TOKEN, "MARKETING", null));

    assertThat(lines).extracting(l -> l.path("customerId").asText())
        .containsExactly(NOTICE_30_DAYS.value(), "");
  }

  @Test
  void otherPurposes_cannotUseTheMarketingEndpoint() throws IOException {
    HttpResponse<String> r = api.get(path(null), BILLING_TOKEN, "BILLING", null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(r.body()).get("rule").asText())
        .isEqualTo("operation-not-allowed-for-purpose");
  }
}
