package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customer's erasure request over HTTP: erased at once (410 afterwards) or deferred with date and reason. */
class ErasureEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CustomerId SMS_ONLY = CustomerId.of("C-3003");

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    Instant t = Instant.parse("2024-01-10T09:00:00Z");
    api.store.put(List.of(
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, t, Disposition.ANSWERED, 60),
        SampleCdrs.sms(SMS_ONLY, Direction.ORIGINATING, t.plusSeconds(60), 1),
        SampleCdrs.sms(SMS_ONLY, Direction.TERMINATING, t.plusSeconds(120), 2)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> erase(CustomerId c) {
    String assertion = ApiFixture.ASSERTIONS.issue(c, "care-unbound", ApiFixture.CLOCK.instant(), Duration.ofMinutes(5));
    return api.send(HttpRequest.newBuilder(URI.create(api.server.baseUrl() + "/v1/customers/"
            + c.value() + "/erasure"))
        .header("Authorization", "Bearer " + CARE_UNBOUND_TOKEN)
        .header("X-CPNI-Purpose", "CUSTOMER_ACCESS")
        .header("X-CPNI-Customer-Assertion", assertion)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @Test
  void erasure_withoutObstacle_isImmediate_andLaterReadsAre410Erased() throws IOException {
    HttpResponse<String> r = erase(SMS_ONLY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("outcome").asText()).isEqualTo("ERASED");
    HttpResponse<String> read = api.get(ApiFixture.usagePath(SMS_ONLY, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);
    assertThat(read.statusCode()).isEqualTo(410);
    JsonNode body = JSON.readTree(read.body());
    assertThat(body.get("error").asText()).isEqualTo("erased");
    assertThat(read.body()).doesNotContain("C-3003");
    HttpResponse<String> records = api.get(ApiFixture.recordsPath(SMS_ONLY, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);
    assertThat(records.statusCode()).isEqualTo(410);
    assertThat(records.body()).doesNotContain("smsSegments");
    assertThat(erase(SMS_ONLY).body()).contains("ALREADY_ERASED");
  }

  @Test
  void erasure_ofVoiceRecordsYoungerThanTheStatutoryMinimum_isDeferredWithDateAndReason() throws IOException {
    HttpResponse<String> r = erase(CUSTOMER);

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("outcome").asText()).isEqualTo("DEFERRED");
    assertThat(body.get("reasonCode").asText()).isEqualTo("statutory-minimum");
    // the youngest voice record (2024-01-10) plus 18 months
    assertThat(Instant.parse(body.get("until").asText())).isAfter(Instant.parse("2025-07-09T00:00:00Z"))
        .isBefore(Instant.parse("2025-07-12T00:00:00Z"));
    assertThat(api.get(ApiFixture.usagePath(CUSTOMER, "2024-01-01", "2024-02-01"), BILLING_TOKEN,
        "BILLING", null).statusCode()).isEqualTo(200);
  }
}
