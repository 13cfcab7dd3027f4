package io.cdrvault.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.ServiceType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSimulatorTest {

  static TrafficSimulator sim(long seed) {
    return TrafficSimulator.builder().seed(seed).customers(50)
        .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(7))
        .malformedFraction(0.1).duplicateFraction(0.05).build();
  }

  @Test
  void customerNumbers_areValidE164_perLibphonenumber() throws Exception {
    TrafficSimulator s = sim(1);
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    assertThat(s.customers()).hasSize(50);
    for (TrafficSimulator.Customer c : s.customers()) {
      assertThat(c.numbers()).hasSizeBetween(1, 2);
      for (String n : c.numbers()) {
        assertThat(n).startsWith("+1");
        assertThat(util.isValidNumber(util.parse(n, "ZZ"))).as("valid").isTrue();
        assertThat(s.directory().customerAt(n, Instant.parse("2026-03-02T00:00:00Z"))).contains(c.id());
      }
    }
  }

  @Test
  void sameSeed_generatesSameTraffic() {
    TrafficSimulator a = sim(7);
    TrafficSimulator b = sim(7);
    for (int i = 0; i < 500; i++) {
      assertThat(a.next().value()).isEqualTo(b.next().value());
    }
    assertThat(Arrays.equals(sim(8).next().value(), sim(7).next().value())).isFalse();
  }

  /** Decoding and attributing the traffic with the real components reproduces the tally. */
  @Test
  void tally_matchesWhatDecodingAndAttributionYield() {
    TrafficSimulator s = sim(3);
    CanonicalJsonDecoder decoder = CanonicalJsonDecoder.create();
    Attributor attributor = new Attributor(s.directory());
    SourceContext src = new SourceContext("sim", s.homeRegion(), ZoneOffset.UTC);
    Map<String, CustomerCdr> stored = new HashMap<>();
    Map<String, String> deadLetters = new HashMap<>();
    long content = 0;
    int dups = 0;
    for (int i = 0; i < 5000; i++) {
      TrafficSimulator.Payload p = s.next();
      DecodeResult r = decoder.decode(p.value(), src);
      if (p.duplicate()) {
        dups++;
        assertThat(r.isOk()).isTrue();
        continue;
      }
      if (!r.isOk()) {
        deadLetters.put(p.originId(), r.reason().code());
        continue;
      }
      assertThat(p.format()).isEqualTo(CanonicalJsonDecoder.FORMAT);
      assertThat(r.records()).as("decoded record equals the expected one").isEqualTo(p.expected());
      content += r.droppedContentFields();
      List<CustomerCdr> a = attributor.attribute(r.records().get(0));
      if (a.isEmpty()) {
        deadLetters.put(p.originId(), "unattributed");
      }
      a.forEach(c -> stored.put(c.customer().value() + "/" + c.cdr().id().hex(), c));
    }
    ExpectedTally t = s.tally();
    assertThat(deadLetters).isEqualTo(t.deadLetters());
    assertThat(deadLetters.values()).contains("malformed-json", "missing-field", "unsupported-schema", "unattributed");
    assertThat(stored).hasSize((int) t.storedRecords());
    assertThat(dups).isEqualTo((int) t.duplicates()).isPositive();
    assertThat(content).isEqualTo(t.contentFields()).isPositive();
    // per customer usage
    for (var c : s.customers()) {
      long n = stored.values().stream().filter(x -> x.customer().equals(c.id())).count();
      assertThat(n).isEqualTo(t.records(c.id()));
      for (var dir : io.cdrvault.store.model.Direction.values()) {
        long billable = stored.values().stream()
            .filter(x -> x.customer().equals(c.id()) && x.direction() == dir && x.cdr().type() == ServiceType.VOICE)
            .mapToLong(x -> x.cdr().billableSeconds()).sum();
        assertThat(billable).isEqualTo(t.usage(c.id(), ServiceType.VOICE, dir).billableSeconds());
        long segs = stored.values().stream()
            .filter(x -> x.customer().equals(c.id()) && x.direction() == dir && x.cdr().type() == ServiceType.SMS)
            .mapToLong(x -> x.cdr().smsSegments()).sum();
        assertThat(segs).isEqualTo(t.usage(c.id(), ServiceType.SMS, dir).segments());
      }
    }
    // traffic has international destinations and on-net calls
    assertThat(stored.values().stream().anyMatch(x -> !x.counterpart().canonical().startsWith("+1"))).isTrue();
  }
}
