package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.store.model.Cdr;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The simulator's freeswitch-json stream contains the layouts the decoder must handle — repeated
 * {@code callflow} keys (FreeSWITCH up to 1.4.19) and documents with a redirect or transfer profile,
 * in both layouts — and each of them decodes to the record the simulator expects, whose called party
 * is the original profile's destination, not the transfer target.
 */
class FreeSwitchJsonSimulatedLayoutsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DESTINATION = Pattern.compile("\"destination_number\":\"([^\"]*)\"");

  @Test
  void simulatorWritesBothLayoutsAndTransfers_andEachDecodesToTheExpectedRecord() throws Exception {
    TrafficSimulator sim = TrafficSimulator.builder().seed(12).customers(100)
        .window(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(30))
        .formats(List.of(FreeSwitchJsonDecoder.FORMAT)).malformedFraction(0).duplicateFraction(0).build();
    CdrDecoder decoder = FreeSwitchJsonDecoder.create();
    int oldLayout = 0;
    int oldWithTransfer = 0;
    int arrayWithTransfer = 0;
    for (int i = 0; i < 3_000; i++) {
      TrafficSimulator.Payload p = sim.next();
      if (p.expected().isEmpty()) {
        continue; // B legs
      }
      String body = new String(p.value(), StandardCharsets.UTF_8);
      if (body.startsWith("cdr=")) {
        body = URLDecoder.decode(body.substring(4), StandardCharsets.UTF_8);
      }
      boolean repeated = body.contains("},\"callflow\":{");
      List<String> destinations = DESTINATION.matcher(body).results().map(m -> m.group(1)).toList();
      boolean transfer = destinations.size() > 1;
      if (repeated) {
        oldLayout++;
        oldWithTransfer += transfer ? 1 : 0;
      } else {
        assertThat(JSON.readTree(body).get("callflow").isArray()).isTrue();
        arrayWithTransfer += transfer ? 1 : 0;
      }
      DecodeResult r = decoder.decode(p.value(), sim.sources().forSource(p.origin()));
      assertThat(r.reason()).as("payload %d: %s", i, r.detail()).isNull();
      assertThat(r.records()).as("payload %d", i).containsExactlyElementsOf(p.expected());
      Cdr e = p.expected().get(0);
      // newest profile printed first: the last destination is what the caller dialled
      assertThat(e.called().raw()).isEqualTo(destinations.get(destinations.size() - 1));
      if (transfer) {
        assertThat(e.called().raw()).isNotEqualTo(destinations.get(0));
        JsonNode vars = JSON.readTree(body).get("variables");
        assertThat(e.billableSeconds()).isEqualTo(Long.parseLong(vars.get("billsec").asText()));
      }
    }
    assertThat(oldLayout).as("old layout documents").isGreaterThan(100);
    assertThat(oldWithTransfer).as("old layout with a redirect/transfer").isPositive();
    assertThat(arrayWithTransfer).as("array layout with a redirect/transfer").isPositive();
  }
}
