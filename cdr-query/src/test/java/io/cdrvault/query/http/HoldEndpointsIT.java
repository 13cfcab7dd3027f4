package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.LEGAL_A_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
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

/** Legal holds over HTTP while the node runs: create, list, renew, release; a hold defers erasure. */
class HoldEndpointsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CustomerId HELD = CustomerId.of("C-4004");

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    api.store.put(List.of(SampleCdrs.sms(HELD, Direction.ORIGINATING, Instant.parse("2024-01-10T09:00:00Z"), 1)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path, String token, String body) {
    return api.send(HttpRequest.newBuilder(URI.create(api.server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", "LEGAL_PROCESS")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpResponse<String> erase(CustomerId c) {
    return api.send(HttpRequest.newBuilder(URI.create(api.server.baseUrl() + "/v1/customers/" + c.value() + "/erasure"))
        .header("Authorization", "Bearer " + CARE_UNBOUND_TOKEN).header("X-CPNI-Purpose", "CUSTOMER_ACCESS")
        .header("X-CPNI-Customer-Assertion", ApiFixture.ASSERTIONS.issue(c, "care-unbound", ApiFixture.CLOCK.instant(),
            Duration.ofMinutes(5)))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  @Test
  void hold_createdOverHttp_isListedRenewedReleased_andDefersErasureMeanwhile() throws IOException {
    HttpResponse<String> created = post("/v1/legal/holds", LEGAL_A_TOKEN, "{\"targets\":[{\"kind\":\"CUSTOMER\","
        + "\"value\":\"C-4004\"}],\"from\":\"2024-01-01\",\"to\":\"2024-02-01\",\"reference\":\"2703(f) 24-7\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode hold = JSON.readTree(created.body());
    String id = hold.get("id").asText();
    assertThat(hold.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(Instant.parse(hold.get("expiresAt").asText()))
        .isEqualTo(ApiFixture.CLOCK.instant().plus(Duration.ofDays(90)));

    HttpResponse<String> deferred = erase(HELD);
    assertThat(deferred.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(deferred.body()).get("reasonCode").asText()).isEqualTo("legal-hold");

    JsonNode list = JSON.readTree(api.get("/v1/legal/holds", LEGAL_A_TOKEN, "LEGAL_PROCESS", null).body());
    assertThat(list.get("holds")).hasSize(1);
    assertThat(post("/v1/legal/holds/" + id + "/renewal", LEGAL_A_TOKEN, "{}").statusCode()).isEqualTo(200);
    assertThat(post("/v1/legal/holds/" + id + "/release", LEGAL_A_TOKEN, "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> again = post("/v1/legal/holds/" + id + "/release", LEGAL_A_TOKEN, "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("rule").asText()).isEqualTo("hold-not-active");
    assertThat(post("/v1/legal/holds/LH-0000000000000000/renewal", LEGAL_A_TOKEN, "{}").statusCode()).isEqualTo(404);

    // released: the erasure is no longer blocked by the hold (SMS has no statutory minimum)
    assertThat(erase(HELD).statusCode()).isEqualTo(200);
  }

  @Test
  void hold_refusals_nameTheRule_andEchoNoValues() throws IOException {
    HttpResponse<String> notLegal = post("/v1/legal/holds", BILLING_TOKEN, "{}");
    assertThat(notLegal.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(notLegal.body()).get("rule").asText()).isEqualTo("role-lacks-purpose");
    HttpResponse<String> bad = post("/v1/legal/holds", LEGAL_A_TOKEN, "{\"targets\":[{\"kind\":\"NUMBER\","
        + "\"value\":\"5551234\"}],\"from\":\"2024-01-01\",\"to\":\"2024-02-01\",\"reference\":\"r\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("targets[0].value").doesNotContain("5551234");
    assertThat(api.audit()).hasSize(2);
  }
}
