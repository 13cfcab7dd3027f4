package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Parties, numbers and times in {@code canonical-json} (docs/formats/parties-and-times.md): our own
 * schema, written by mediation or by converters of switch formats. Party strings are normalised
 * with the source's region; party objects are taken as given; times must carry an offset.
 */
class CanonicalJsonSwitchPartiesAndTimesTest {
  private static final SourceContext NL = new SourceContext("med-nl", "NL", ZoneId.of("Europe/Amsterdam"));
  private static final SourceContext US = new SourceContext("med-us", "US", ZoneId.of("America/New_York"));

  private final CdrDecoder decoder = CanonicalJsonDecoder.create();

  private static String voice(String calling, String called, String times) {
    return "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"med\",\"originId\":\"42\",\"type\":\"VOICE\","
        + "\"calling\":" + calling + ",\"called\":" + called + "," + times + ",\"disposition\":\"ANSWERED\"}";
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  private static final String TIMES = "\"start\":\"2026-03-01T10:00:00+01:00\",\"answer\":\"2026-03-01T10:00:05+01:00\","
      + "\"end\":\"2026-03-01T10:01:05+01:00\"";

  private DecodeResult decode(String json, SourceContext source) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), source);
  }

  private Cdr single(String json, SourceContext source) {
    return DecodedOnce.single(decoder, json, source);
  }

  @Test
  void nlSource_00PrefixAndBareCountryCode_areE164() {
    Cdr c = single(voice(quoted("0031201234567"), quoted("31612345678"), TIMES), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void usSource_011And00AndBareCountryCode_areE164() {
    Cdr c = single(voice(quoted("01131201234567"), quoted("0031612345678"), TIMES), US);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("01131201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("0031612345678", "+31612345678"));
    Cdr bare = single(voice(quoted("12025550143"), quoted("31612345678"), TIMES), US);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
    assertThat(bare.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void extensionCallerIdAndSipUserNames_areKeptRaw_andTheRecordIsDecoded() {
    Cdr c = single(voice(quoted("\"Alice\" <1001>"), quoted("sip:alice@pbx.example.com"), TIMES), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("\"Alice\" <1001>", NumberKind.EXTENSION));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("sip:alice@pbx.example.com", NumberKind.EXTENSION));
    // a bare name cannot be told from an SMS sender id; a producer that knows says so with a party object
    Cdr bare = single(voice(quoted("alice"), "{\"raw\":\"alice\",\"kind\":\"EXTENSION\"}", TIMES), NL);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.other("alice", NumberKind.ALPHANUMERIC));
    assertThat(bare.called()).isEqualTo(PhoneNumber.other("alice", NumberKind.EXTENSION));
  }

  @Test
  void localTimeWithoutOffset_isRejectedNotGuessed() {
    DecodeResult r = decode(voice(quoted("1001"), quoted("1002"), "\"start\":\"2026-03-29T02:30:00\""), NL);
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(r.detail()).contains("field 'start'");
  }

  @Test
  void offsets_tellTheTwoPassesOfTheAutumnOverlapApart() {
    Cdr first = single(voice(quoted("1001"), quoted("1002"), "\"start\":\"2026-10-25T02:30:00+02:00\""), NL);
    Cdr second = single(voice(quoted("1001"), quoted("1002"), "\"start\":\"2026-10-25T02:30:00+01:00\""), NL);
    assertThat(first.start()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(second.start()).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
  }

  @Test
  void callSpanningSpringForward_durationFromTheInstants_holdIncludedUnlessBillableIsGiven() {
    String times = "\"start\":\"2026-03-29T01:49:55+01:00\",\"answer\":\"2026-03-29T01:50:00+01:00\","
        + "\"end\":\"2026-03-29T03:10:00+02:00\"";
    Cdr c = single(voice(quoted("1001"), quoted("0031201234567"), times), NL);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-29T00:49:55Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-29T01:10:00Z"));
    assertThat(c.durationSeconds()).isEqualTo(1205);
    assertThat(c.billableSeconds()).as("answer to end, a hold inside included").isEqualTo(1200);
    Cdr given = single(voice(quoted("1001"), quoted("0031201234567"),
        times + ",\"durationSeconds\":1205,\"billableSeconds\":900"), NL);
    assertThat(given.billableSeconds()).as("a producer that bills less says so").isEqualTo(900);
  }
}
