package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.usagePath;
import static io.cdrvault.store.model.Direction.ORIGINATING;
import static io.cdrvault.store.model.Direction.TERMINATING;
import static io.cdrvault.store.model.Disposition.ANSWERED;
import static io.cdrvault.store.model.Disposition.BUSY;
import static io.cdrvault.store.model.Disposition.NO_ANSWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.CdrField;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/customers/{id}/usage}: exact totals for a billing job. */
class UsageEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private static Instant jan(int day, int hour) {
    return Instant.parse(String.format("2024-01-%02dT%02d:00:00Z", day, hour));
  }

  @Test
  void billingUsage_countsExactlyTheCustomersRecordsInTheWindow() throws IOException {
    api.store.put(List.of(
        // in window, C-1001: 3 originating calls (2 answered, 120 + 45 s), 2 terminating (1 answered, 300 s)
        SampleCdrs.voice(CUSTOMER, ORIGINATING, jan(2, 9), ANSWERED, 120),
        SampleCdrs.voice(CUSTOMER, ORIGINATING, jan(3, 10), NO_ANSWER, 0),
        SampleCdrs.voice(CUSTOMER, ORIGINATING, jan(31, 23), ANSWERED, 45),
        SampleCdrs.voice(CUSTOMER, TERMINATING, jan(5, 8), ANSWERED, 300),
        SampleCdrs.voice(CUSTOMER, TERMINATING, jan(6, 8), BUSY, 0),
        // 2 originating SMS (1 + 3 segments), 1 terminating (2 segments)
        SampleCdrs.sms(CUSTOMER, ORIGINATING, jan(7, 12), 1),
        SampleCdrs.sms(CUSTOMER, ORIGINATING, jan(8, 12), 3),
        SampleCdrs.sms(CUSTOMER, TERMINATING, jan(9, 12), 2),
        // at 'to' (exclusive) and before 'from': not counted
        SampleCdrs.voice(CUSTOMER, ORIGINATING, Instant.parse("2024-02-01T00:00:00Z"), ANSWERED, 999),
        SampleCdrs.voice(CUSTOMER, ORIGINATING, Instant.parse("2023-12-31T23:59:59Z"), ANSWERED, 999),
        // another customer in the window: not counted
        SampleCdrs.voice(OTHER_CUSTOMER, ORIGINATING, jan(2, 9), ANSWERED, 777),
        SampleCdrs.sms(OTHER_CUSTOMER, ORIGINATING, jan(2, 9), 5)));

    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"),
        BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode u = JSON.readTree(r.body());
    assertThat(u.get("customerId").asText()).isEqualTo(CUSTOMER.value());
    assertThat(u.get("from").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(u.get("to").asText()).isEqualTo("2024-02-01T00:00:00Z");
    assertVoice(u.at("/voice/ORIGINATING"), 3, 2, 165);
    assertVoice(u.at("/voice/TERMINATING"), 2, 1, 300);
    assertSms(u.at("/sms/ORIGINATING"), 2, 4);
    assertSms(u.at("/sms/TERMINATING"), 1, 2);
    assertThat(u.get("records").asLong()).isEqualTo(8);

    Decision audited = api.audit().get(0).event(Decision.class);
    assertThat(api.audit()).hasSize(1);
    assertThat(u.get("auditSequence").asLong()).isEqualTo(api.audit().get(0).sequence());
    assertThat(r.headers().firstValue("X-CPNI-Audit-Sequence"))
        .hasValue(Long.toString(api.audit().get(0).sequence()));
    assertThat(audited.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(audited.principal()).isEqualTo("billing-job");
    assertThat(audited.operation()).isEqualTo("usage");
    assertThat(audited.fields()).containsExactlyInAnyOrderElementsOf(
        PolicyEngine.BILLING_FIELDS.stream().map(CdrField::jsonName).toList());
    assertThat(api.store.openCursors()).as("cursor closed after the response").isZero();
  }

  @Test
  void billingUsage_withNoRecords_isAllZeroWithBothDirections() throws IOException {
    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode u = JSON.readTree(r.body());
    assertVoice(u.at("/voice/ORIGINATING"), 0, 0, 0);
    assertVoice(u.at("/voice/TERMINATING"), 0, 0, 0);
    assertSms(u.at("/sms/ORIGINATING"), 0, 0);
    assertSms(u.at("/sms/TERMINATING"), 0, 0);
    assertThat(u.get("records").asLong()).isZero();
  }

  private static void assertVoice(JsonNode v, long calls, long answered, long billable) {
    assertThat(v.get("calls").asLong()).as("calls").isEqualTo(calls);
    assertThat(v.get("answeredCalls").asLong()).as("answeredCalls").isEqualTo(answered);
    assertThat(v.get("billableSeconds").asLong()).as("billableSeconds").isEqualTo(billable);
  }

  private static void assertSms(JsonNode s, long messages, long segments) {
    assertThat(s.get("messages").asLong()).as("messages").isEqualTo(messages);
    assertThat(s.get("segments").asLong()).as("segments").isEqualTo(segments);
  }
}
