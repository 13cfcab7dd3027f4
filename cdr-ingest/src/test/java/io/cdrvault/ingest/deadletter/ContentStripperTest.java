package io.cdrvault.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentStripperTest {
  private static final DecoderRegistry REGISTRY = DecoderRegistry.standard();
  private static final SourceContext SMSC = new SourceContext("kannel-1", "US", ZoneId.of("America/New_York"));

  private static Optional<byte[]> strip(String format, String payload, SourceContext source) {
    byte[] b = payload.getBytes(StandardCharsets.UTF_8);
    CdrDecoder d = REGISTRY.forName(format).orElseThrow();
    DecodeResult r = d.decode(b, source).storable(format);
    assertThat(r.isOk()).as("fixture decodes: %s", r.detail()).isTrue();
    return ContentStripper.strip(format, b, d, source, r);
  }

  @Test
  void kannelLine_losesItsText_andDecodesToTheSameRecord() {
    String text = "your code is 991-204 ]] [udh:";
    String line = "2026-03-01 08:15:02 Sent SMS [SMSC:smsc-a] [SVC:portal] [ACT:] [BINF:] [FID:4f1c2a]"
        + " [META:] [from:+12025550143] [to:+447700900123] [flags:-1:0:-1:0:19] [msg:"
        + text.getBytes(StandardCharsets.UTF_8).length + ":" + text + "] [udh:0:]";
    String out = new String(strip("kannel-log", line, SMSC).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("991-204").contains("[msg:" + text.getBytes(StandardCharsets.UTF_8).length + ":"
        + "*".repeat(text.getBytes(StandardCharsets.UTF_8).length) + "] [udh:0:]").contains("[FID:4f1c2a]");
  }

  @Test
  void canonicalJson_losesTextAndMsg_andDecodesToTheSameRecord() {
    String json = "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"smsc\",\"originId\":\"42\",\"type\":\"SMS\","
        + "\"calling\":\"ACMEBANK\",\"called\":\"+12015550123\",\"start\":\"2026-03-01T10:00:00Z\","
        + "\"smsSegments\":2,\"text\":\"your code is 1234\",\"msg\":\"x\"}";
    String out = new String(strip("canonical-json", json, SMSC).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("1234").doesNotContain("\"msg\"").contains("\"originId\":\"42\"");
  }

  @Test
  void aPayloadWithoutTheExpectedShape_isRefused() {
    byte[] b = "{\"schema\":\"cdrvault.cdr/1\"}".getBytes(StandardCharsets.UTF_8);
    CdrDecoder kannel = REGISTRY.forName("kannel-log").orElseThrow();
    assertThat(ContentStripper.strip("kannel-log", b, kannel, SMSC, DecodeResult.ok(java.util.List.of(), 0))).isEmpty();
  }

  /** Every simulated payload that decodes, in every format, has a verified content-free form. */
  @Test
  void everyDecodedSimulatedPayload_inEveryFormat_stripsToTheSameRecords_withoutContentFields() throws Exception {
    TrafficSimulator sim = TrafficSimulator.builder().seed(17).customers(50)
        .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(10))
        .formats(TrafficSimulator.FORMATS).build();
    ObjectMapper json = new ObjectMapper();
    Map<String, Integer> stripped = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      TrafficSimulator.Payload p = sim.next();
      CdrDecoder d = REGISTRY.forName(p.format()).orElseThrow();
      SourceContext src = sim.sources().forSource(p.origin());
      DecodeResult r = d.decode(p.value(), src).storable(p.format());
      if (!r.isOk() || r.records().isEmpty()) {
        continue;
      }
      Optional<byte[]> out = ContentStripper.strip(p.format(), p.value(), d, src, r);
      assertThat(out).as("%s payload %d", p.format(), i).isPresent();
      String s = new String(out.get(), StandardCharsets.UTF_8);
      if (p.format().endsWith("json")) {
        assertNoContent(json.readTree(s), p.format());
      } else if (p.format().equals("kannel-log")) {
        assertThat(s).containsPattern("\\[msg:\\d+:\\**\\] \\[udh:");
      }
      stripped.merge(p.format(), 1, Integer::sum);
    }
    assertThat(stripped.keySet()).containsExactlyInAnyOrderElementsOf(TrafficSimulator.FORMATS);
  }

  private static void assertNoContent(JsonNode n, String format) {
    n.fields().forEachRemaining(e -> {
      assertThat(ContentStripper.JSON_CONTENT).as(format).doesNotContain(e.getKey());
      assertNoContent(e.getValue(), format);
    });
    if (n.isArray()) {
      n.forEach(x -> assertNoContent(x, format));
    }
  }
}
