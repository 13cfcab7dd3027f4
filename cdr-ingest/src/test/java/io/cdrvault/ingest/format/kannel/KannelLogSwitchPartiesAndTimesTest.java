package io.cdrvault.ingest.format.kannel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.DecodedOnce;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parties, numbers and local times as Kannel's bearerbox writes its access log
 * (docs/formats/parties-and-times.md): the default {@code access-log-format}, {@code %t} in local
 * time unless {@code access-log-time = gmt}, {@code [from:%p] [to:%P]} as the SMSC or the
 * submitting application gave them (SMPP TON/NPI is not logged, so {@code 31612345678} may be
 * international without a {@code +}).
 */
class KannelLogSwitchPartiesAndTimesTest {
  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
  private static final SourceContext NL = new SourceContext("kannel-nl", "NL", AMSTERDAM);
  private static final SourceContext US = new SourceContext("kannel-us", "US", ZoneId.of("America/New_York"));

  private final KannelLogDecoder decoder = KannelLogDecoder.create();

  private static String line(String time, String event, String from, String to) {
    return time + " " + event + " [SMSC:smsc-a] [SVC:portal] [ACT:] [BINF:] [FID:4f1c2a] [META:] [from:" + from
        + "] [to:" + to + "] [flags:-1:0:-1:0:-1] [msg:5:Hallo] [udh:0:]";
  }

  private Cdr single(String line, SourceContext source) {
    return DecodedOnce.single(decoder, line, source);
  }

  @Test
  void nlSource_00PrefixBareCountryCodeAndNational_areE164() {
    Cdr c = single(line("2026-03-01 10:00:00", "Sent SMS", "0031612345678", "31612345679"), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031612345678", "+31612345678"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("31612345679", "+31612345679"));
    Cdr national = single(line("2026-03-01 10:00:00", "Receive SMS", "0612345678", "+31612345679"), NL);
    assertThat(national.calling()).isEqualTo(PhoneNumber.e164("0612345678", "+31612345678"));
    assertThat(national.called()).isEqualTo(PhoneNumber.e164("+31612345679", "+31612345679"));
  }

  @Test
  void usSource_011And00AndBareCountryCode_areE164() {
    Cdr c = single(line("2026-03-01 10:00:00", "Sent SMS", "01131612345678", "0031612345679"), US);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("01131612345678", "+31612345678"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("0031612345679", "+31612345679"));
    Cdr bare = single(line("2026-03-01 10:00:00", "Receive SMS", "31612345678", "12025550143"), US);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
    assertThat(bare.called()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
  }

  @Test
  void alphanumericSenderAndShortExtension_areKeptRaw_andTheSmsIsDecoded() {
    Cdr c = single(line("2026-03-01 10:00:00", "Receive SMS", "alice", "1001"), NL);
    assertThat(c.calling()).as("an SMS sender id, not a SIP user").isEqualTo(PhoneNumber.other("alice", NumberKind.ALPHANUMERIC));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void localTime_inTheSpringGap_movesForward() {
    Cdr c = single(line("2026-03-29 02:30:00", "Sent SMS", "0031612345678", "31612345679"), NL);
    assertThat(c.start()).as("02:30 does not exist in Amsterdam: 03:30 CEST").isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(c.end()).isEqualTo(c.start());
  }

  @Test
  void localTime_inTheAutumnOverlap_takesTheFirstPass_gmtTakesItAsWritten() {
    Cdr local = single(line("2026-10-25 02:30:00", "Sent SMS", "0031612345678", "31612345679"), NL);
    assertThat(local.start()).as("first 02:30, CEST").isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    SourceContext gmt = new SourceContext("kannel-nl", "NL", AMSTERDAM, Map.of("gmt", "true"));
    Cdr utc = single(line("2026-10-25 02:30:00", "Sent SMS", "0031612345678", "31612345679"), gmt);
    assertThat(utc.start()).isEqualTo(Instant.parse("2026-10-25T02:30:00Z"));
  }
}
