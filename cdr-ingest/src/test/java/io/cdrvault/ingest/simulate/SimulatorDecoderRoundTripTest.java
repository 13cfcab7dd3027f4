package io.cdrvault.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LinkedLegs;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.RecordId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's native encoders and the real decoders agree on the mapping contract: every
 * payload the simulator writes in a format decodes — with the source settings the simulator
 * declares — to exactly the records it says it generated, or is skipped / rejected exactly as it
 * predicts — after the legs of a call are correlated poll by poll as the ingest loop does. No two
 * CDRs share a record id (an Asterisk channel's several CDRs stay several records) unless one is a
 * resend. This is what lets end-to-end tests compare stored usage with the simulator's tally.
 */
class SimulatorDecoderRoundTripTest {
  /** Payloads per correlation window (one poll of the ingest loop). */
  private static final int POLL = 500;
  /** The skip each format's simulated quirk produces: B legs, syslog noise, log markers. */
  private static final Map<String, SkipKind> QUIRK_SKIPS = Map.of("freeswitch-csv", SkipKind.DUPLICATE_LEG,
      "freeswitch-json", SkipKind.DUPLICATE_LEG, "kamailio-acc", SkipKind.NOT_A_RECORD,
      "kannel-log", SkipKind.NOT_A_RECORD);

  private final DecoderRegistry registry = DecoderRegistry.standard();

  static List<String> formats() {
    return TrafficSimulator.FORMATS;
  }

  @ParameterizedTest
  @MethodSource("formats")
  void everyPayload_decodesToExactlyWhatTheSimulatorGenerated(String format) {
    SimulatorBuilder b = TrafficSimulator.builder().seed(format.hashCode()).customers(300)
        .window(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(365))
        .formats(List.of(format)).malformedFraction(0.05).duplicateFraction(0.02);
    if (!format.equals("kannel-log")) { // SMS only: no voice fraud
      b.fraud(FraudScenario.IRSF, FraudScenario.WANGIRI);
    }
    TrafficSimulator sim = b.build();
    CdrDecoder decoder = registry.forName(format).orElseThrow();
    Map<RejectReason, Integer> rejects = new EnumMap<>(RejectReason.class);
    Map<SkipKind, Integer> skips = new EnumMap<>(SkipKind.class);
    Set<RecordId> ids = new HashSet<>();
    int records = 0;
    int total = 5_000;
    TrafficSimulator.Payload[] payloads = new TrafficSimulator.Payload[total];
    DecodeResult[] decoded = new DecodeResult[total];
    for (int i = 0; i < total; i++) {
      payloads[i] = sim.next();
      decoded[i] = decoder.decode(payloads[i].value(), sim.sources().forSource(payloads[i].origin()));
    }
    LinkedLegs legs = new LinkedLegs(LinkedLegs.DEFAULT_CAPACITY);
    for (int from = 0; from < total; from += POLL) { // as the ingest loop correlates legs, poll by poll
      DecodeResult[] poll = java.util.Arrays.copyOfRange(decoded, from, Math.min(total, from + POLL));
      legs.apply(poll);
      System.arraycopy(poll, 0, decoded, from, poll.length);
    }
    for (int i = 0; i < total; i++) {
      TrafficSimulator.Payload p = payloads[i];
      assertThat(p.format()).isEqualTo(format);
      DecodeResult r = decoded[i];
      String what = "payload " + i + " of " + format + " (" + p + ")";
      if (p.expectedReject() != null && p.expectedReject() != RejectReason.UNATTRIBUTED) {
        assertThat(r.reason()).as(what + " rejected: " + r.detail()).isEqualTo(p.expectedReject());
        assertThat(r.detail()).as(what).isNotBlank();
        rejects.merge(r.reason(), 1, Integer::sum);
        continue;
      }
      assertThat(r.reason()).as(what + " not rejected: " + r.detail()).isNull();
      assertThat(r.skipped()).as(what + " skip").isEqualTo(p.expectedSkip());
      if (r.skipped() != null) {
        skips.merge(r.skipped(), 1, Integer::sum);
      }
      List<Cdr> got = r.records();
      assertThat(got).as(what).hasSameSizeAs(p.expected());
      for (int k = 0; k < got.size(); k++) {
        assertSame(got.get(k), p.expected().get(k), what);
        if (!p.duplicate()) {
          assertThat(ids.add(got.get(k).id())).as(what + ": a record id of another CDR (collapsed)").isTrue();
        }
      }
      records += got.size();
    }
    assertThat(records).as("records decoded").isGreaterThan(1_000);
    assertThat(rejects).as("format-specific breakage was exercised").isNotEmpty();
    if (QUIRK_SKIPS.containsKey(format)) {
      assertThat(skips).as("the switch's own quirk was exercised").containsKey(QUIRK_SKIPS.get(format));
    }
  }

  private static void assertSame(Cdr got, Cdr want, String what) {
    assertThat(got.id()).as(what + " id").isEqualTo(want.id());
    assertThat(got.type()).as(what + " type").isEqualTo(want.type());
    assertThat(got.account()).as(what + " account").isEqualTo(want.account());
    assertThat(got.calling()).as(what + " calling").isEqualTo(want.calling());
    assertThat(got.called()).as(what + " called").isEqualTo(want.called());
    assertThat(got.start()).as(what + " start").isEqualTo(want.start());
    assertThat(got.answer()).as(what + " answer").isEqualTo(want.answer());
    assertThat(got.end()).as(what + " end").isEqualTo(want.end());
    assertThat(got.durationSeconds()).as(what + " duration").isEqualTo(want.durationSeconds());
    assertThat(got.billableSeconds()).as(what + " billable").isEqualTo(want.billableSeconds());
    assertThat(got.disposition()).as(what + " disposition").isEqualTo(want.disposition());
    assertThat(got.smsSegments()).as(what + " segments").isEqualTo(want.smsSegments());
    assertThat(got.deliveryStatus()).as(what + " delivery").isEqualTo(want.deliveryStatus());
    assertThat(got).as(what + " whole record").isEqualTo(want);
  }
}
