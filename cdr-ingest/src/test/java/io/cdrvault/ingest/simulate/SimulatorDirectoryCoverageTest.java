package io.cdrvault.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.store.model.Cdr;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The simulator's directory covers every number its switches write for a customer: each payload it
 * does not mean to dead-letter decodes to records the directory attributes — in particular the
 * OpenSIPS records and Kannel "Receive SMS" lines, which carry no account.
 */
class SimulatorDirectoryCoverageTest {

  @Test
  void everyValidRecordOfEveryFormat_isAttributedByTheSimulatorsDirectory() {
    TrafficSimulator sim = TrafficSimulator.builder().seed(20261122L).customers(200).trafficSeed(7L)
        .window(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(30))
        .formats(TrafficSimulator.FORMATS).fraud(FraudScenario.values()).malformedFraction(0.0).build();
    DecoderRegistry registry = DecoderRegistry.standard();
    Attributor attributor = new Attributor(sim.directory());
    Map<String, Integer> unattributed = new TreeMap<>();
    Map<String, Integer> attributed = new TreeMap<>();
    for (int i = 0; i < 20_000; i++) {
      TrafficSimulator.Payload p = sim.next();
      if (p.expectedReject() != null) {
        continue;
      }
      CdrDecoder decoder = registry.forName(p.format()).orElseThrow();
      DecodeResult r = decoder.decode(p.value(), sim.sources().forSource(p.origin()));
      assertThat(r.reason()).as(p.format()).isNull();
      for (Cdr c : r.records()) {
        var served = attributor.attribute(c);
        String kind = p.format() + (c.account() == null ? "" : "+account")
            + (served.isEmpty() ? "" : ":" + served.get(served.size() - 1).direction());
        (served.isEmpty() ? unattributed : attributed).merge(kind, 1, Integer::sum);
      }
    }
    // OpenSIPS records and Kannel "Receive SMS" carry no account: only the directory attributes them,
    // inbound ones to the customer's own number as TERMINATING
    assertThat(attributed).containsKeys("opensips-json:ORIGINATING", "opensips-json:TERMINATING",
        "kannel-log:TERMINATING");
    assertThat(unattributed).isEmpty();
  }
}
