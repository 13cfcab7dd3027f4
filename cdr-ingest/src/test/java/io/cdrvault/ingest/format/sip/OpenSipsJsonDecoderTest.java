package io.cdrvault.ingest.format.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Framing;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenSipsJsonDecoderTest {
  /** Digit runs of the numbers in the example file: no reject detail may contain one. */
  static final List<String> NUMBER_DIGITS = List.of("2025550143", "33170189932", "2025550188", "198.51.100");

  private static List<String> exampleLines;

  private final CdrDecoder decoder = OpenSipsJsonDecoder.create();
  private final SourceContext us = new SourceContext("opensips1", "US", ZoneId.of("America/New_York"));

  @BeforeAll
  static void readExample() throws IOException {
    try (InputStream in = OpenSipsJsonDecoderTest.class.getResourceAsStream("/formats/opensips-e_acc_cdr.json")) {
      exampleLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
    }
    assertThat(exampleLines).hasSize(2);
  }

  private DecodeResult decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), us);
  }

  private static Cdr only(DecodeResult r) {
    assertThat(r.isOk()).as("rejected: %s %s", r.reason(), r.detail()).isTrue();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }

  private static void assertRejected(DecodeResult r, RejectReason reason, String detailStart) {
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.records()).isEmpty();
    assertThat(r.detail()).startsWith(detailStart);
    for (String digits : NUMBER_DIGITS) {
      assertThat(r.detail()).doesNotContain(digits);
    }
  }

  /** The first example event with one param replaced (given as raw JSON text). */
  private static String line1With(String param, String json) {
    String line = exampleLines.get(0);
    int at = line.indexOf("\"" + param + "\":", line.indexOf("\"params\""));
    assertThat(at).isPositive();
    int valueStart = at + param.length() + 3;
    int valueEnd = valueStart;
    if (line.charAt(valueStart) == '"') {
      valueEnd = line.indexOf('"', valueStart + 1) + 1;
    } else {
      while (",}".indexOf(line.charAt(valueEnd)) < 0) {
        valueEnd++;
      }
    }
    return line.substring(0, valueStart) + json + line.substring(valueEnd);
  }

  private static String line1Without(String param) {
    String line = line1With(param, "0");
    return line.replace("\"" + param + "\":0,", "");
  }

  @Test
  void answeredCall_fromExampleFile_decodesToExactCanonicalValues() {
    Cdr c = only(decode(exampleLines.get(0)));
    assertThat(c.id()).isEqualTo(RecordId.of("opensips1", "5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1"));
    assertThat(c.origin()).isEqualTo("opensips1");
    assertThat(c.originId()).isEqualTo("5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1");
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772356996));
    assertThat(c.answer()).isEqualTo(Instant.ofEpochSecond(1772357000));
    assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772357183));
    assertThat(c.durationSeconds()).isEqualTo(187);
    assertThat(c.billableSeconds()).isEqualTo(183);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("+12025550143", "+12025550143"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("+33170189932", "+33170189932"));
    assertThat(c.sourceIp()).isEqualTo("198.51.100.10");
    assertThat(c.causeCode()).isEqualTo(200);
    assertThat(c.cause()).isEqualTo("200 OK");
    assertThat(c.account()).isNull();
    assertThat(c.trunk()).isNull();
  }

  @Test
  void busyCall_fromExampleFile_isUnansweredWithNationalNumbersInE164() {
    Cdr c = only(decode(exampleLines.get(1)));
    assertThat(c.id()).isEqualTo(RecordId.of("opensips1", "0b8e44d2a1@198.51.100.11;c11e07aa;"));
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772357997));
    assertThat(c.answer()).isNull();
    assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772358000));
    assertThat(c.durationSeconds()).isEqualTo(3);
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("2025550188", "+12025550188"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("2025550143", "+12025550143"));
    assertThat(c.causeCode()).isEqualTo(486);
    assertThat(c.cause()).isEqualTo("486 Busy Here");
    assertThat(c.sourceIp()).isEqualTo("198.51.100.11");
  }

  @Test
  void numericParamsAsStringsOrNumbers_decodeAlike() {
    Cdr expected = only(decode(exampleLines.get(0)));
    String strings = line1With("time", "\"1772357000\"");
    strings = strings.replace("\"duration\":183,", "\"duration\":\"183\",")
        .replace("\"created\":1772356996", "\"created\":\"1772356996\"")
        .replace("\"sip_code\":\"200\"", "\"sip_code\":200");
    assertThat(strings).contains("\"sip_code\":200,").contains("\"duration\":\"183\"");
    assertThat(only(decode(strings))).isEqualTo(expected);
  }

  @Test
  void prettyPrintedEvent_decodesLikeOneLine() {
    String pretty = exampleLines.get(0).replace(",", ",\n  ").replace("{", "{\n  ");
    assertThat(only(decode(pretty))).isEqualTo(only(decode(exampleLines.get(0))));
    assertThat(decoder.framing()).isEqualTo(Framing.JSON_VALUES);
  }

  @Test
  void fractionalDuration_isRoundedUp() {
    Cdr c = only(decode(line1With("duration", "183.2")));
    assertThat(c.billableSeconds()).isEqualTo(184);
    assertThat(c.durationSeconds()).isEqualTo(188);
    assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772357184));
  }

  @Test
  void absentExtras_giveEmptyPartiesAndNoSourceIp() {
    String line = exampleLines.get(0)
        .replace(",\"src_user\":\"+12025550143\",\"dst_user\":\"+33170189932\",\"src_ip\":\"198.51.100.10\"", "");
    assertThat(line).doesNotContain("src_user");
    Cdr c = only(decode(line));
    assertThat(c.calling()).isEqualTo(PhoneNumber.EMPTY);
    assertThat(c.called()).isEqualTo(PhoneNumber.EMPTY);
    assertThat(c.sourceIp()).isNull();
  }

  @Test
  void contentExtra_isDroppedAndCounted() {
    DecodeResult r = decode(exampleLines.get(0).replace("\"src_ip\"", "\"msg\":\"call me 5550143\",\"src_ip\""));
    Cdr c = only(r);
    assertThat(r.droppedContentFields()).isEqualTo(1);
    assertThat(c.originId()).doesNotContain("call me");
  }

  @ParameterizedTest
  @CsvSource({"202,ANSWERED", "486,BUSY", "600,BUSY", "487,CANCELLED", "408,NO_ANSWER", "480,NO_ANSWER",
      "503,CONGESTION", "404,FAILED", "500,FAILED"})
  void sipCode_mapsToDisposition(int code, Disposition expected) {
    Cdr c = only(decode(line1With("sip_code", "\"" + code + "\"")));
    assertThat(c.disposition()).isEqualTo(expected);
    assertThat(c.causeCode()).isEqualTo(code);
    assertThat(c.answer() != null).isEqualTo(expected == Disposition.ANSWERED);
    if (expected != Disposition.ANSWERED) {
      assertThat(c.billableSeconds()).isZero();
      assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772357000));
      assertThat(c.durationSeconds()).isEqualTo(4);
    }
  }

  @Test
  void missedCallEvent_isAnUnansweredCall() {
    String missed = "{\"jsonrpc\":\"2.0\",\"method\":\"E_ACC_MISSED_EVENT\",\"params\":{\"method\":\"INVITE\","
        + "\"from_tag\":\"f1\",\"to_tag\":\"\",\"callid\":\"abc@host\",\"sip_code\":480,"
        + "\"sip_reason\":\"Temporarily Unavailable\",\"time\":1772358000,\"src_user\":\"1001\",\"dst_user\":\"+12025550143\"}}";
    Cdr c = only(decode(missed));
    assertThat(c.id()).isEqualTo(RecordId.of("opensips1", "abc@host;f1;"));
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772358000));
    assertThat(c.end()).isEqualTo(c.start());
    assertThat(c.answer()).isNull();
    assertThat(c.durationSeconds()).isZero();
    assertThat(c.cause()).isEqualTo("480 Temporarily Unavailable");
    assertThat(c.calling().kind()).isEqualTo(NumberKind.EXTENSION);
    assertThat(c.calling().raw()).isEqualTo("1001");
  }

  @Test
  void otherEventsAndNonInviteTransactions_areSkippedAsNotARecord() {
    DecodeResult other = decode("{\"jsonrpc\":\"2.0\",\"method\":\"E_UL_AOR_INSERT\",\"params\":{\"aor\":\"x\"}}");
    assertThat(other.isOk()).isTrue();
    assertThat(other.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
    assertThat(other.records()).isEmpty();
    DecodeResult bye = decode(line1With("method", "\"BYE\""));
    assertThat(bye.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
    // the params "method" replaced, not the JSON-RPC one
    assertThat(line1With("method", "\"BYE\"")).contains("\"method\":\"E_ACC_CDR\"");
  }

  @Test
  void missingRequiredParams_areRejectedAsMissingField() {
    assertRejected(decode(line1Without("callid")), RejectReason.MISSING_FIELD,
        "opensips-json field 'params.callid': missing");
    assertRejected(decode(line1Without("sip_code")), RejectReason.MISSING_FIELD,
        "opensips-json field 'params.sip_code': missing");
    assertRejected(decode(line1Without("created")), RejectReason.MISSING_FIELD,
        "opensips-json field 'params.created': missing");
    assertRejected(decode(line1With("callid", "null")), RejectReason.MISSING_FIELD,
        "opensips-json field 'params.callid': missing");
    assertRejected(decode("{\"jsonrpc\":\"2.0\",\"params\":{}}"), RejectReason.MISSING_FIELD,
        "opensips-json field 'method': missing");
    assertRejected(decode("{\"jsonrpc\":\"2.0\",\"method\":\"E_ACC_CDR\"}"), RejectReason.MISSING_FIELD,
        "opensips-json field 'params': missing");
  }

  @Test
  void invalidParams_areRejectedAsInvalidFieldNamingTheField() {
    assertRejected(decode(line1With("sip_code", "\"2O0\"")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.sip_code': not a SIP status code");
    assertRejected(decode(line1With("time", "\"yesterday\"")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.time': not a timestamp");
    assertRejected(decode(line1With("time", "-1772357000")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.time': not a timestamp");
    assertRejected(decode(line1With("duration", "{\"s\":183}")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.duration': not a number");
    assertRejected(decode(line1With("callid", "[\"a\"]")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.callid': not a string");
    assertRejected(decode(line1With("created", "1772357001")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.created': after 'time'");
    assertRejected(decode(line1With("src_user", "{\"n\":\"+12025550143\"}")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.src_user': not a string");
  }

  @Test
  void malformedJson_isRejectedWithPositionAndNoValue() {
    String truncated = exampleLines.get(0).substring(0, 150);
    assertRejected(decode(truncated), RejectReason.MALFORMED_JSON, "opensips-json: not well-formed JSON");
    assertThat(decode(truncated).detail()).contains("line 1 column");
    assertRejected(decode(exampleLines.get(0).replace("\"src_ip\"", "\"src_user\":\"+12025550143\",\"src_ip\"")),
        RejectReason.MALFORMED_JSON, "opensips-json: not well-formed JSON (syntax error or duplicate key) at line 1");
    assertRejected(decode("[1,2]"), RejectReason.MALFORMED_JSON, "opensips-json: payload is not a JSON object");
    assertRejected(decode(exampleLines.get(0) + exampleLines.get(1)), RejectReason.MALFORMED_JSON,
        "opensips-json: more than one JSON value");
    assertRejected(decoder.decode(new byte[0], us), RejectReason.MALFORMED_JSON, "opensips-json: empty payload");
    assertRejected(decode(line1With("time", "1".repeat(5_000))), RejectReason.MALFORMED_JSON,
        "opensips-json: a value exceeds the parser's length or depth limits near line 1 column");
    assertRejected(decode(line1With("callid", "\"" + "c".repeat(2_000) + "\"")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.callid': longer than 1024 characters");
    assertRejected(decode(line1With("src_user", "\"" + "2".repeat(200) + "\"")), RejectReason.INVALID_FIELD,
        "opensips-json field 'params.src_user': longer than 128 characters");
    assertRejected(decode("{\"jsonrpc\":\"1.0\",\"method\":\"E_ACC_CDR\",\"params\":{}}"),
        RejectReason.UNSUPPORTED_SCHEMA, "opensips-json field 'jsonrpc'");
  }

  @Test
  void standardRegistry_servesTheFormat() {
    assertThat(DecoderRegistry.standard().forName("opensips-json")).containsInstanceOf(OpenSipsJsonDecoder.class);
    assertThat(OpenSipsJsonDecoder.FORMAT).isEqualTo("opensips-json");
  }
}
