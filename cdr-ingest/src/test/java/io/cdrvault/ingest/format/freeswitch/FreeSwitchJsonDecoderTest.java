package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Framing;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreeSwitchJsonDecoderTest {
  static final String CORE_UUID = "0c7d2f5e-3b1a-4e9c-9f0d-1a2b3c4d5e6f";
  static final String UUID = "7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d";
  static final Instant START = Instant.ofEpochSecond(1772373910);
  static final Instant ANSWER = Instant.ofEpochSecond(1772373915);
  static final Instant END = Instant.ofEpochSecond(1772374142);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final CdrDecoder decoder = FreeSwitchJsonDecoder.create();
  private final SourceContext ny = new SourceContext("fs-src", "US", ZoneId.of("America/New_York"));

  static byte[] example() {
    try (InputStream in = FreeSwitchJsonDecoderTest.class.getResourceAsStream("/formats/freeswitch-json-cdr.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode doc() {
    try {
      return (ObjectNode) MAPPER.readTree(example());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode vars(ObjectNode doc) {
    return (ObjectNode) doc.get("variables");
  }

  private static ObjectNode times(ObjectNode doc) {
    return (ObjectNode) doc.get("callflow").get(0).get("times");
  }

  private static byte[] bytes(ObjectNode doc) {
    try {
      return MAPPER.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Cdr decodeOne(byte[] payload, SourceContext source) {
    DecodeResult r = decoder.decode(payload, source);
    assertThat(r.reason()).as("reject detail: %s", r.detail()).isNull();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }

  /** The record the example file stands for. */
  static Cdr expectedExample() {
    return Cdr.builder()
        .origin("fs-edge-1")
        .originId(CORE_UUID + "/" + UUID)
        .type(ServiceType.VOICE)
        .account("ACME-0042")
        .calling(PhoneNumber.e164("2025550143", "+12025550143"))
        .called(PhoneNumber.e164("12025550177", "+12025550177"))
        .start(START).answer(ANSWER).end(END)
        .durationSeconds(232).billableSeconds(227)
        .disposition(Disposition.ANSWERED)
        .causeCode(16).cause("NORMAL_CLEARING")
        .codec("PCMU").sourceIp("203.0.113.7").userAgent("Yealink SIP-T46S 66.86.0.15")
        .build();
  }

  @Test
  void exampleFile_decodesToExactCanonicalValues() {
    DecodeResult r = decoder.decode(example(), ny);
    assertThat(r.droppedContentFields()).isZero();
    Cdr c = decodeOne(example(), ny);
    assertThat(c.id()).isEqualTo(RecordId.of("fs-edge-1", CORE_UUID + "/" + UUID));
    assertThat(c.origin()).isEqualTo("fs-edge-1");
    assertThat(c.originId()).isEqualTo(CORE_UUID + "/" + UUID);
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10Z")).isEqualTo(START);
    assertThat(c.answer()).isEqualTo(ANSWER);
    assertThat(c.end()).isEqualTo(END);
    assertThat(c.durationSeconds()).isEqualTo(232);
    assertThat(c.billableSeconds()).isEqualTo(227);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
    assertThat(c.calling().raw()).isEqualTo("2025550143");
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.account()).isEqualTo("ACME-0042");
    assertThat(c.accountDirection()).isEqualTo(Direction.ORIGINATING);
    assertThat(c.causeCode()).isEqualTo(16);
    assertThat(c.cause()).isEqualTo("NORMAL_CLEARING");
    assertThat(c.userAgent()).isEqualTo("Yealink SIP-T46S 66.86.0.15");
    assertThat(c.sourceIp()).isEqualTo("203.0.113.7");
    assertThat(c.codec()).isEqualTo("PCMU");
    assertThat(c.trunk()).isNull();
    assertThat(c).isEqualTo(expectedExample());
  }

  @Test
  void registry_offersTheDecoder_framedAsJsonValues() {
    CdrDecoder d = DecoderRegistry.standard().forName(FreeSwitchJsonDecoder.FORMAT).orElseThrow();
    assertThat(d.framing()).isEqualTo(Framing.JSON_VALUES);
    assertThat(d.decode(example(), ny).records()).containsExactly(expectedExample());
  }

  @Test
  void cdrFormBody_isUnwrappedAndDecodesToTheSameRecord() {
    String form = "cdr=" + URLEncoder.encode(new String(example(), StandardCharsets.UTF_8), StandardCharsets.UTF_8)
        + "\r\n";
    assertThat(form).doesNotContain("{");
    assertThat(decodeOne(form.getBytes(StandardCharsets.US_ASCII), ny)).isEqualTo(expectedExample());
    String withOtherParam = "uuid=x&" + form.strip();
    assertThat(decodeOne(withOtherParam.getBytes(StandardCharsets.US_ASCII), ny)).isEqualTo(expectedExample());
  }

  @Test
  void cdrFormBody_withBadEscape_isRejectedMalformedWithItsPosition() {
    DecodeResult r = decoder.decode("cdr=%7B%2".getBytes(StandardCharsets.US_ASCII), ny);
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.detail()).isEqualTo("freeswitch-json cdr= body: bad %-escape at byte 7");

    DecodeResult broken = decoder.decode("cdr=%7B%22uuid%22%3A".getBytes(StandardCharsets.US_ASCII), ny);
    assertThat(broken.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(broken.detail()).startsWith("freeswitch-json cdr= body: not well-formed JSON at line 1, column ");
  }

  @Test
  void encodeValuesFalse_takesVariablesVerbatim() {
    ObjectNode d = doc();
    vars(d).put("sip_user_agent", "Yealink SIP-T46S 100%");
    vars(d).put("accountcode", "ACME+0042");
    SourceContext plain = new SourceContext("fs-src", "US", ZoneId.of("America/New_York"),
        Map.of(FreeSwitchJsonDecoder.OPTION_ENCODE_VALUES, "false"));
    Cdr c = decodeOne(bytes(d), plain);
    assertThat(c.userAgent()).isEqualTo("Yealink SIP-T46S 100%");
    assertThat(c.account()).isEqualTo("ACME+0042");

    // the same document read as encoded: the bare '%' is a bad escape, positioned, value not shown
    DecodeResult r = decoder.decode(bytes(d), ny);
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(r.detail()).isEqualTo("freeswitch-json variables.sip_user_agent: bad %-escape at character 20");
  }

  @Test
  void encodeValuesOption_withAnUnknownValue_isRejectedNamingTheOption() {
    SourceContext bad = new SourceContext("fs-src", "US", ZoneId.of("UTC"),
        Map.of(FreeSwitchJsonDecoder.OPTION_ENCODE_VALUES, "yes"));
    DecodeResult r = decoder.decode(example(), bad);
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(r.detail()).isEqualTo("freeswitch-json source option 'encodeValues' must be true or false");
  }

  @Test
  void unansweredLeg_hasNoAnswerAndNoBillableTime() {
    ObjectNode d = doc();
    vars(d).put("answer_epoch", "0").put("billsec", "0").put("duration", "30")
        .put("end_epoch", "1772373940").put("hangup_cause", "NO_ANSWER").put("hangup_cause_q850", "19");
    times(d).put("answered_time", "0");
    Cdr c = decodeOne(bytes(d), ny);
    assertThat(c.answer()).isNull();
    assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772373940));
    assertThat(c.durationSeconds()).isEqualTo(30);
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.causeCode()).isEqualTo(19);
    assertThat(c.cause()).isEqualTo("NO_ANSWER");
    assertThat(c.answered()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"USER_BUSY,BUSY", "ORIGINATOR_CANCEL,CANCELLED", "NO_USER_RESPONSE,NO_ANSWER",
      "ALLOTTED_TIMEOUT,NO_ANSWER", "NORMAL_CIRCUIT_CONGESTION,CONGESTION", "SWITCH_CONGESTION,CONGESTION",
      "CALL_REJECTED,FAILED", "UNALLOCATED_NUMBER,FAILED"})
  void unansweredLeg_dispositionFollowsHangupCause(String cause, Disposition expected) {
    ObjectNode d = doc();
    vars(d).put("answer_epoch", "0").put("billsec", "0").put("hangup_cause", cause);
    times(d).put("answered_time", "0");
    assertThat(decodeOne(bytes(d), ny).disposition()).isEqualTo(expected);
  }

  @Test
  void missingEpochs_fallBackToCallflowMicroseconds() {
    ObjectNode d = doc();
    vars(d).remove(java.util.List.of("start_epoch", "answer_epoch", "end_epoch"));
    assertThat(decodeOne(bytes(d), ny)).isEqualTo(expectedExample());

    // fractions of a second: duration and billsec computed from the times are rounded up
    vars(d).remove(java.util.List.of("duration", "billsec"));
    times(d).put("created_time", "1772373910250000").put("answered_time", "1772373915500000");
    Cdr c = decodeOne(bytes(d), ny);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10.250Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T14:05:15.500Z"));
    assertThat(c.durationSeconds()).isEqualTo(232); // 231.75 s
    assertThat(c.billableSeconds()).isEqualTo(227); // 226.5 s
  }

  @Test
  void missingEpochsAndCallflow_fallBackToLocalStampsInTheSourceZone() {
    ObjectNode d = doc();
    vars(d).remove(java.util.List.of("start_epoch", "answer_epoch", "end_epoch"));
    d.remove("callflow");
    d.remove("switchname");
    Cdr c = decodeOne(bytes(d), ny);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T14:05:15Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-01T14:09:02Z"));
    // without a callflow the parties come from the variables (here only the encoded caller_id is there)
    assertThat(c.origin()).isEqualTo("fs-src");
    assertThat(c.id()).isEqualTo(RecordId.of("fs-src", CORE_UUID + "/" + UUID));

    SourceContext utc = new SourceContext("fs-src", "US", ZoneId.of("UTC"));
    assertThat(decodeOne(bytes(d), utc).start()).isEqualTo(Instant.parse("2026-03-01T09:05:10Z"));
  }

  @Test
  void withoutCallflow_partiesComeFromVariables() {
    ObjectNode d = doc();
    d.remove("callflow");
    vars(d).put("caller_id_number", "%2B12025550143").put("destination_number", "12025550177");
    Cdr c = decodeOne(bytes(d), ny);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("+12025550143", "+12025550143"));
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    vars(d).remove("caller_id_number");
    vars(d).put("ani", "2025550143");
    assertThat(decodeOne(bytes(d), ny).calling().e164()).isEqualTo("+12025550143");
  }

  @Test
  void bLeg_isSkippedAsDuplicateLeg() {
    ObjectNode d = doc();
    vars(d).put("originating_leg_uuid", "11111111-2222-3333-4444-555555555555");
    DecodeResult r = decoder.decode(bytes(d), ny);
    assertThat(r.isOk()).isTrue();
    assertThat(r.skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);
    assertThat(r.records()).isEmpty();

    ObjectNode other = doc();
    vars(other).put("call_uuid", "11111111-2222-3333-4444-555555555555");
    assertThat(decoder.decode(bytes(other), ny).skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);

    ObjectNode aLeg = doc();
    vars(aLeg).put("call_uuid", UUID);
    assertThat(decodeOne(bytes(aLeg), ny)).isEqualTo(expectedExample());
  }

  @Test
  void contentVariables_areDroppedAndCounted() {
    ObjectNode d = doc();
    vars(d).put("msg", "meet%20me%20at%20the%20gate%20secret-word").put("body", "secret-word");
    DecodeResult r = decoder.decode(bytes(d), ny);
    assertThat(r.droppedContentFields()).isEqualTo(2);
    assertThat(r.records()).containsExactly(expectedExample());
    assertThat(CanonicalJson.write(r.records().get(0))).doesNotContain("secret-word");
  }

  @Test
  void badDocuments_areRejectedWithReasonAndPositionedDetail() {
    String ex = new String(example(), StandardCharsets.UTF_8);
    DecodeResult truncated = decoder.decode(ex.substring(0, 700).getBytes(StandardCharsets.UTF_8), ny);
    assertThat(truncated.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(truncated.detail()).startsWith("freeswitch-json document: not well-formed JSON at line ");

    DecodeResult notObject = decoder.decode("[1,2]".getBytes(StandardCharsets.UTF_8), ny);
    assertThat(notObject.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(notObject.detail()).isEqualTo("freeswitch-json document: not a JSON object");

    DecodeResult twice = decoder.decode((ex + ex).getBytes(StandardCharsets.UTF_8), ny);
    assertThat(twice.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(twice.detail()).isEqualTo("freeswitch-json document: content after the JSON object at line 87, column 2");

    DecodeResult dup = decoder.decode(ex.replace("\"duration\": \"232\",", "\"duration\": \"232\", \"duration\": \"1\",")
        .getBytes(StandardCharsets.UTF_8), ny);
    assertThat(dup.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(dup.detail()).isEqualTo("freeswitch-json document: duplicate key at line 38, column 32");

    assertThat(decoder.decode(new byte[0], ny).detail()).isEqualTo("freeswitch-json document: empty payload");

    ObjectNode noUuid = doc();
    vars(noUuid).remove("uuid");
    DecodeResult missing = decoder.decode(bytes(noUuid), ny);
    assertThat(missing.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(missing.detail()).isEqualTo("freeswitch-json variables.uuid: missing");

    ObjectNode noCore = doc();
    noCore.remove("core-uuid");
    assertThat(decoder.decode(bytes(noCore), ny).detail()).isEqualTo("freeswitch-json core-uuid: missing");

    ObjectNode badEpoch = doc();
    vars(badEpoch).put("start_epoch", "17723739l0");
    DecodeResult invalid = decoder.decode(bytes(badEpoch), ny);
    assertThat(invalid.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(invalid.detail()).isEqualTo("freeswitch-json variables.start_epoch: not a timestamp");

    ObjectNode badBill = doc();
    vars(badBill).put("billsec", "999");
    DecodeResult tooLong = decoder.decode(bytes(badBill), ny);
    assertThat(tooLong.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(tooLong.detail()).isEqualTo("freeswitch-json variables.billsec: exceeds variables.duration");

    ObjectNode endFirst = doc();
    vars(endFirst).put("end_epoch", "1772373900");
    assertThat(decoder.decode(bytes(endFirst), ny).detail()).isEqualTo("freeswitch-json end time: before the start time");

    ObjectNode noEnd = doc();
    vars(noEnd).remove(java.util.List.of("end_epoch", "end_stamp"));
    times(noEnd).put("hangup_time", "0");
    DecodeResult noEndR = decoder.decode(bytes(noEnd), ny);
    assertThat(noEndR.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(noEndR.detail()).startsWith("freeswitch-json end time: missing");

    ObjectNode objVar = doc();
    vars(objVar).putObject("duration");
    assertThat(decoder.decode(bytes(objVar), ny).detail()).isEqualTo("freeswitch-json variables.duration: not a string");

    for (DecodeResult r : new DecodeResult[] {truncated, notObject, twice, dup, missing, invalid, tooLong, noEndR}) {
      assertNoInputNumbers(r.detail());
    }
  }

  /** No digit run of four or more from the example (numbers, epochs, ids) and no IP appears in a detail. */
  static void assertNoInputNumbers(String detail) {
    assertThat(detail).isNotBlank();
    assertThat(detail).doesNotContain("203.0.113.7");
    for (String run : new String(example(), StandardCharsets.UTF_8).split("[^0-9]+")) {
      if (run.length() >= 4) {
        assertThat(detail).doesNotContain(run);
      }
    }
  }
}
