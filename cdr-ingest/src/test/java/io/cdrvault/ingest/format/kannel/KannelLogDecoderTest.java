package io.cdrvault.ingest.format.kannel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KannelLogDecoderTest {
  /** The example gateway, configured as logging New York local time. */
  static final SourceContext SMSC = new SourceContext("kannel-1", "US", ZoneId.of("America/New_York"));

  private final KannelLogDecoder decoder = KannelLogDecoder.create();

  static List<String> exampleLines() {
    try (InputStream in = KannelLogDecoderTest.class.getResourceAsStream("/formats/kannel-access.log")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A Sent-SMS-style line with the given parts; %L is the UTF-8 byte length of {@code text}. */
  static String line(String event, String from, String to, String flags, String text, String udh) {
    return "2026-03-01 08:15:02 " + event + " [SMSC:smsc-a] [SVC:portal] [ACT:ACME-0042] [BINF:] [FID:4f1c2a]"
        + " [META:] [from:" + from + "] [to:" + to + "] [flags:" + flags + "] [msg:"
        + text.getBytes(StandardCharsets.UTF_8).length + ":" + text + "] [udh:" + udh + "]";
  }

  static String sent(String flags, String text) {
    return line("Sent SMS", "+12025550143", "+447700900123", flags, text, "0:");
  }

  private DecodeResult decode(String line) {
    return decode(line, SMSC);
  }

  private DecodeResult decode(String line, SourceContext source) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), source);
  }

  private static Cdr single(DecodeResult r) {
    assertThat(r.isOk()).as("rejected: %s", r.detail()).isTrue();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    assertThat(r.droppedContentFields()).as("the text is dropped and counted").isEqualTo(1);
    return r.records().get(0);
  }

  @Test
  void exampleSentSms_withBracketInsideText_decodesToExactCanonicalValues() {
    Cdr c = single(decode(exampleLines().get(1)));
    String originId = "Sent SMS|2026-03-01 08:15:02|smsc-a|4f1c2a|+12025550143|+447700900123|18";
    assertThat(c.origin()).isEqualTo("kannel-1");
    assertThat(c.originId()).isEqualTo(originId);
    assertThat(c.id()).isEqualTo(RecordId.of("kannel-1", originId));
    assertThat(c.type()).isEqualTo(ServiceType.SMS);
    assertThat(c.deliveryStatus()).isEqualTo(DeliveryStatus.SUBMITTED);
    assertThat(c.account()).isEqualTo("ACME-0042");
    assertThat(c.accountDirection()).isEqualTo(Direction.ORIGINATING);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("+12025550143", "+12025550143"));
    // +44 7700 900xxx is Ofcom's drama range: libphonenumber does not hold it valid, so it is marked, not forced
    assertThat(c.called()).isEqualTo(PhoneNumber.other("+447700900123", NumberKind.UNKNOWN));
    // 08:15:02 EST (UTC-5)
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T13:15:02Z"));
    assertThat(c.end()).isEqualTo(c.start());
    assertThat(c.answer()).isNull();
    assertThat(c.durationSeconds()).isZero();
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.disposition()).isNull();
    assertThat(c.smsSegments()).isEqualTo(1);
    String stored = CanonicalJson.write(c);
    assertThat(stored).doesNotContain("See you").doesNotContain("[ok]");
  }

  @Test
  void exampleReceivedSms_keepsRawNumbersAndNormalisesNationalOnes() {
    Cdr c = single(decode(exampleLines().get(3)));
    assertThat(c.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("447700900123", NumberKind.UNKNOWN));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
    assertThat(c.account()).isNull();
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T13:20:41Z"));
    assertThat(c.originId()).isEqualTo("Receive SMS|2026-03-01 08:20:41|smsc-a||447700900123|12025550143|5");
  }

  @Test
  void bareInternationalDigits_becomeE164() {
    Cdr c = single(decode(line("Receive SMS", "447400123456", "12025550143", "-1:0:-1:0:-1", "Thx!!", "0:")));
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("447400123456", "+447400123456"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
  }

  @Test
  void exampleFailedSend_marksInvalidNumberAndHasFailedStatus() {
    Cdr c = single(decode(exampleLines().get(4)));
    assertThat(c.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(c.called().raw()).isEqualTo("+999");
    assertThat(c.called().kind()).isEqualTo(NumberKind.UNKNOWN);
    assertThat(c.called().e164()).isNull();
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
  }

  @Test
  void deliveryReportsAndLogMarkers_areSkippedNotRejected() {
    List<String> lines = exampleLines();
    for (int i : new int[] {0, 2, 5}) {
      DecodeResult r = decode(lines.get(i));
      assertThat(r.isOk()).isTrue();
      assertThat(r.skipped()).as("line %d", i + 1).isEqualTo(SkipKind.NOT_A_RECORD);
      assertThat(r.records()).isEmpty();
    }
    assertThat(decode(line("Sent DLR", "+1", "+2", "-1:-1:-1:-1:1", "x", "0:")).skipped())
        .isEqualTo(SkipKind.NOT_A_RECORD);
  }

  @Test
  void otherSmsEvents_mapToTheirDeliveryStatus() {
    Map<String, DeliveryStatus> expected = Map.of("REJECTED Send SMS", DeliveryStatus.REJECTED,
        "EXPIRED SMS", DeliveryStatus.EXPIRED, "DISCARDED SMS", DeliveryStatus.FAILED);
    expected.forEach((event, status) -> {
      Cdr c = single(decode(line(event, "+12025550143", "+447700900123", "-1:0:-1:0:19", "hi", "0:")));
      assertThat(c.deliveryStatus()).as(event).isEqualTo(status);
      assertThat(c.originId()).startsWith(event + "|");
    });
  }

  @Test
  void segments_followCodingAndLength_andUdhMeansOneSegment() {
    assertThat(single(decode(sent("-1:0:-1:0:19", "x".repeat(160)))).smsSegments()).isEqualTo(1);
    assertThat(single(decode(sent("-1:0:-1:0:19", "x".repeat(161)))).smsSegments()).isEqualTo(2);
    assertThat(single(decode(sent("-1:-1:-1:0:19", "]".repeat(306)))).smsSegments()).isEqualTo(2);
    assertThat(single(decode(sent("-1:0:-1:0:19", "x] [udh:".repeat(20) + "x".repeat(147)))).smsSegments())
        .as("307 bytes 7-bit").isEqualTo(3);
    assertThat(single(decode(sent("-1:1:-1:0:19", "x".repeat(140)))).smsSegments()).isEqualTo(1);
    assertThat(single(decode(sent("-1:1:-1:0:19", "x".repeat(141)))).smsSegments()).isEqualTo(2);
    assertThat(single(decode(sent("-1:2:-1:0:19", "x".repeat(268)))).smsSegments()).isEqualTo(2);
    assertThat(single(decode(sent("-1:2:-1:0:19", "x".repeat(269)))).smsSegments()).isEqualTo(3);
    assertThat(single(decode(sent("-1:0:-1:0:19", ""))).smsSegments()).isEqualTo(1);
    String withUdh = line("Sent SMS", "+12025550143", "+447700900123", "-1:0:-1:0:19", "x".repeat(153), "6:050003CC0201");
    assertThat(single(decode(withUdh)).smsSegments()).isEqualTo(1);
  }

  @Test
  void gmtOption_readsTimesAsUtc() {
    SourceContext gmt = new SourceContext("kannel-1", "US", ZoneId.of("America/New_York"), Map.of("gmt", "true"));
    assertThat(single(decode(exampleLines().get(1), gmt)).start()).isEqualTo(Instant.parse("2026-03-01T08:15:02Z"));
  }

  @Test
  void lineTerminators_areTolerated() {
    Cdr plain = single(decode(exampleLines().get(1)));
    assertThat(single(decode(exampleLines().get(1) + "\r\n"))).isEqualTo(plain);
    assertThat(single(decode(exampleLines().get(1) + "\n"))).isEqualTo(plain);
  }

  @Test
  void registry_standard_servesThisDecoder() {
    assertThat(DecoderRegistry.standard().forName(KannelLogDecoder.FORMAT)).get().isInstanceOf(KannelLogDecoder.class);
  }

  private DecodeResult rejected(String line, SourceContext source, RejectReason reason) {
    DecodeResult r = decode(line, source);
    assertThat(r.isOk()).as("expected a reject").isFalse();
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.detail()).startsWith("kannel-log");
    for (String secret : List.of("12025550143", "447700900123", "2025550143", "ACME-0042", "See you", "[ok]", "4f1c2a")) {
      assertThat(r.detail()).doesNotContain(secret);
    }
    return r;
  }

  private DecodeResult rejected(String line, RejectReason reason) {
    return rejected(line, SMSC, reason);
  }

  @Test
  void messageLengthBeyondTheLine_isMalformedWithPosition() {
    String sent = exampleLines().get(1);
    int msgAt = sent.indexOf("[msg:");
    assertThat(rejected(sent.replace("[msg:18:", "[msg:40:"), RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: [msg:] at byte " + msgAt + ": declared length exceeds line");
    assertThat(rejected(sent.replace("[msg:18:", "[msg:999999999:"), RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: [msg:] at byte " + msgAt + ": declared length exceeds line");
  }

  @Test
  void messageLengthNotMatchingTheText_isMalformed() {
    String sent = exampleLines().get(1);
    assertThat(rejected(sent.replace("[msg:18:", "[msg:10:"), RejectReason.MALFORMED).detail())
        .contains("[msg:]", "not followed by '] [udh:'");
    assertThat(rejected(sent.replace("[msg:18:", "[msg:x:"), RejectReason.MALFORMED).detail())
        .contains("[msg:]", "does not start with a length");
    assertThat(rejected(sent.replace("[msg:18:", "[msg:1234567890:"), RejectReason.MALFORMED).detail())
        .contains("does not start with a length");
  }

  @Test
  void missingOrBrokenParts_areMalformed() {
    String sent = exampleLines().get(1);
    assertThat(rejected(sent.replace(" [BINF:]", ""), RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: [ACT:] opened at byte " + sent.indexOf("[ACT:") + " is not followed by [BINF:]");
    assertThat(rejected("2026-03-01 08:15:02 Sent SMS", RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: expected [SMSC:] at byte 29");
    assertThat(rejected(sent + " trailing", RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: [udh:] at byte " + sent.indexOf("[udh:") + " is not closed by the line's final ']'");
    assertThat(rejected(sent.replace("[udh:0:]", "[udh::]"), RejectReason.MALFORMED).detail())
        .contains("[udh:]", "does not start with a length");
    assertThat(rejected(sent.replace("[flags:-1:0:-1:0:19]", "[flags:-1:0:-1:0]"), RejectReason.MALFORMED)
        .detail()).contains("[flags:]", "5 values");
    assertThat(rejected(sent.replace("[flags:-1:0:-1:0:19]", "[flags:-1:0:-1:0:19:1]"), RejectReason.MALFORMED)
        .detail()).contains("[flags:]", "more than 5 values");
    assertThat(rejected(sent.replace("[flags:-1:0:-1:0:19]", "[flags:-1:x:-1:0:19]"), RejectReason.MALFORMED)
        .detail()).isEqualTo("kannel-log: [flags:] value 2 at byte " + (sent.indexOf("[flags:") + 10) + " is not an integer");
    assertThat(rejected("2026-03-01 08:15:02  [SMSC:x]", RejectReason.MALFORMED).detail())
        .isEqualTo("kannel-log: no event (%l) at byte 20");
  }

  @Test
  void notALogLine_isMalformed() {
    assertThat(rejected("", RejectReason.MALFORMED).detail()).isEqualTo("kannel-log: empty line");
    assertThat(rejected("\n", RejectReason.MALFORMED).detail()).isEqualTo("kannel-log: empty line");
    assertThat(rejected("Sent SMS [SMSC:smsc-a]", RejectReason.MALFORMED).detail()).contains("does not start with '%t %l'");
    assertThat(decoder.decode(null, SMSC).reason()).isEqualTo(RejectReason.MALFORMED);
  }

  @Test
  void badValues_areInvalidFields() {
    String sent = exampleLines().get(1);
    assertThat(rejected(sent.replace("2026-03-01 08:15:02", "2026-13-01 08:15:02"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("kannel-log %t (bytes 0-18): not a timestamp");
    assertThat(rejected(sent.replace("[flags:-1:0:-1:0:19]", "[flags:-1:7:-1:0:19]"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("kannel-log: [flags:] coding (%c, value 2) is not -1, 0, 1 or 2");
  }

  @Test
  void unusableGmtOption_isRejectedNamingTheOption() {
    SourceContext bad = new SourceContext("kannel-1", "US", ZoneId.of("UTC"), Map.of("gmt", "perhaps"));
    assertThat(rejected(exampleLines().get(1), bad, RejectReason.UNSUPPORTED_SCHEMA).detail())
        .isEqualTo("kannel-log option 'gmt' must be true or false");
  }
}
