package io.cdrvault.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.ingest.simulate.ExpectedTally;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Reads every simulated customer's usage over HTTP under BILLING and compares it with the
 * simulator's independent tally, field by field.
 */
public final class UsageChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String billingToken;
  private final String from;
  private final String to;

  public UsageChecks(String baseUrl, String billingToken, String from, String to) {
    this.baseUrl = baseUrl;
    this.billingToken = billingToken;
    this.from = from;
    this.to = to;
  }

  /** Asserts every customer's usage equals the tally; returns the number of stored records seen. */
  public long assertEveryCustomerMatches(TrafficSimulator sim) throws Exception {
    ExpectedTally tally = sim.tally();
    long records = 0;
    for (TrafficSimulator.Customer c : sim.customers()) {
      JsonNode usage = JSON.readTree(get(c.id(), "usage").body());
      for (Direction d : Direction.values()) {
        ExpectedTally.Usage voice = tally.usage(c.id(), ServiceType.VOICE, d);
        ExpectedTally.Usage sms = tally.usage(c.id(), ServiceType.SMS, d);
        JsonNode v = usage.path("voice").path(d.name());
        JsonNode s = usage.path("sms").path(d.name());
        assertThat(v.path("calls").asLong()).as("calls %s", d).isEqualTo(voice.calls());
        assertThat(v.path("answeredCalls").asLong()).as("answered %s", d).isEqualTo(voice.answered());
        assertThat(v.path("billableSeconds").asLong()).as("billable %s", d).isEqualTo(voice.billableSeconds());
        assertThat(s.path("messages").asLong()).as("sms %s", d).isEqualTo(sms.sms());
        assertThat(s.path("segments").asLong()).as("segments %s", d).isEqualTo(sms.segments());
      }
      assertThat(usage.path("records").asLong()).as("records").isEqualTo(tally.records(c.id()));
      records += usage.path("records").asLong();
    }
    return records;
  }

  /** GET {@code /v1/customers/{id}/{what}} for the window under BILLING; asserts 200. */
  public HttpResponse<String> get(CustomerId c, String what) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers/"
            + c.value() + "/" + what + "?from=" + from + "&to=" + to))
        .header("Authorization", "Bearer " + billingToken)
        .header("X-CPNI-Purpose", "BILLING").GET().build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r;
  }
}
