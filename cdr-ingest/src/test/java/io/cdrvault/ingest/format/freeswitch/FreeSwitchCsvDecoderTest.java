package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Framing;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreeSwitchCsvDecoderTest {
  static final String UUID = "7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d";
  static final SourceContext NY = new SourceContext("fs-csv-1", "US", ZoneId.of("America/New_York"));

  /** A template-'example' line: 15 fields, each quoted, no escaping. */
  static String line(String... fields) {
    if (fields.length != 15) {
      throw new IllegalArgumentException("the template has 15 columns");
    }
    return line(Arrays.asList(fields));
  }

  static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (String f : fields) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append('"').append(f).append('"');
    }
    return sb.toString();
  }

  static final String ANSWERED = line("Front Desk", "2025550143", "12025550177", "default",
      "2026-03-01 09:05:10", "2026-03-01 09:05:15", "2026-03-01 09:09:02", "232", "227", "NORMAL_CLEARING",
      UUID, "", "ACME-0042", "PCMU", "PCMU");

  static Cdr expectedAnswered() {
    return Cdr.builder()
        .origin("fs-csv-1").originId(UUID).type(ServiceType.VOICE).account("ACME-0042")
        .calling(PhoneNumber.e164("2025550143", "+12025550143"))
        .called(PhoneNumber.e164("12025550177", "+12025550177"))
        .start(Instant.parse("2026-03-01T14:05:10Z"))
        .answer(Instant.parse("2026-03-01T14:05:15Z"))
        .end(Instant.parse("2026-03-01T14:09:02Z"))
        .durationSeconds(232).billableSeconds(227)
        .disposition(Disposition.ANSWERED).cause("NORMAL_CLEARING").codec("PCMU")
        .build();
  }

  private final CdrDecoder decoder = FreeSwitchCsvDecoder.create();

  private DecodeResult decode(String line) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), NY);
  }

  private Cdr decodeOne(String line) {
    DecodeResult r = decode(line);
    assertThat(r.reason()).as("reject detail: %s", r.detail()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }

  private static List<String> fields(String line) {
    String inner = line.substring(1, line.length() - 1);
    return new ArrayList<>(Arrays.asList(inner.split("\",\"", -1)));
  }

  private static String with(String base, int column, String value) {
    List<String> f = fields(base);
    f.set(column - 1, value);
    return line(f);
  }

  @Test
  void answeredLine_decodesToExactCanonicalValues() {
    Cdr c = decodeOne(ANSWERED);
    assertThat(c.id()).isEqualTo(RecordId.of("fs-csv-1", UUID));
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T14:05:15Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-01T14:09:02Z"));
    assertThat(c.durationSeconds()).isEqualTo(232);
    assertThat(c.billableSeconds()).isEqualTo(227);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.account()).isEqualTo("ACME-0042");
    assertThat(c.cause()).isEqualTo("NORMAL_CLEARING");
    assertThat(c.causeCode()).isNull();
    assertThat(c.codec()).isEqualTo("PCMU");
    assertThat(c).isEqualTo(expectedAnswered());
    assertThat(CanonicalJson.write(c)).doesNotContain("Front Desk");
  }

  @Test
  void trailingNewlines_areTolerated_andTheRegistryOffersTheDecoder() {
    CdrDecoder d = DecoderRegistry.standard().forName(FreeSwitchCsvDecoder.FORMAT).orElseThrow();
    assertThat(d.framing()).isEqualTo(Framing.LINES);
    assertThat(d.decode((ANSWERED + "\r\n").getBytes(StandardCharsets.UTF_8), NY).records())
        .containsExactly(expectedAnswered());
    assertThat(decodeOne(ANSWERED + "\n")).isEqualTo(expectedAnswered());
  }

  @Test
  void unansweredLine_withEmptyAnswerStamp_hasNoAnswer() {
    String l = line("", "1001", "2025550177", "default", "2026-03-01 09:05:10", "", "2026-03-01 09:05:40",
        "30", "0", "NO_ANSWER", UUID, "", "", "", "");
    Cdr c = decodeOne(l);
    assertThat(c.answer()).isNull();
    assertThat(c.durationSeconds()).isEqualTo(30);
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.account()).isNull();
    assertThat(c.codec()).isNull();
    assertThat(decodeOne(with(l, 10, "USER_BUSY")).disposition()).isEqualTo(Disposition.BUSY);
    assertThat(decodeOne(with(l, 10, "ORIGINATOR_CANCEL")).disposition()).isEqualTo(Disposition.CANCELLED);
    assertThat(decodeOne(with(l, 10, "SWITCH_CONGESTION")).disposition()).isEqualTo(Disposition.CONGESTION);
    assertThat(decodeOne(with(l, 10, "")).disposition()).isEqualTo(Disposition.FAILED);
  }

  @Test
  void localStamps_acrossTheSpringForwardGap_convertWithTheSourceZone() {
    // 2026-03-08: New York clocks jump from 02:00 EST to 03:00 EDT
    String l = line("", "2025550143", "12025550177", "default", "2026-03-08 01:58:00", "2026-03-08 01:58:10",
        "2026-03-08 03:02:00", "240", "230", "NORMAL_CLEARING", UUID, "", "", "PCMA", "PCMA");
    Cdr c = decodeOne(l);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-08T06:58:00Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-08T06:58:10Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-08T07:02:00Z"));
    assertThat(c.durationSeconds()).isEqualTo(240);
    assertThat(c.billableSeconds()).isEqualTo(230);

    SourceContext utc = new SourceContext("fs-csv-1", "US", ZoneId.of("UTC"));
    Cdr u = decoder.decode(l.getBytes(StandardCharsets.UTF_8), utc).records().get(0);
    assertThat(u.start()).isEqualTo(Instant.parse("2026-03-08T01:58:00Z"));
  }

  @Test
  void localStamps_inTheFallBackOverlap_takeTheEarlierOffset() {
    // 2026-11-01 01:30 happens twice in New York; switches write no offset, the first (EDT) is used
    String l = line("", "2025550143", "12025550177", "default", "2026-11-01 01:30:00", "",
        "2026-11-01 01:30:20", "20", "0", "NO_ANSWER", UUID, "", "", "", "");
    assertThat(decodeOne(l).start()).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  void quoteInsideCallerName_isRejectedMalformedWithColumnAndByte() {
    DecodeResult r = decode(with(ANSWERED, 1, "Front \"Desk\""));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.detail()).isEqualTo(
        "freeswitch-csv column 1 'caller_id_name': '\"' inside the field at byte 7 (the template has no escaping)");
    assertNoInputNumbers(r.detail());

    // a quote followed by a comma splits the field: one column too many
    DecodeResult split = decode(with(ANSWERED, 1, "Front\",\"Desk"));
    assertThat(split.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(split.detail()).startsWith("freeswitch-csv line: more than 15 columns at byte ");
    assertNoInputNumbers(split.detail());
  }

  @Test
  void wrongColumnCount_isRejectedMalformed() {
    List<String> f = fields(ANSWERED);
    f.remove(14);
    DecodeResult r = decode(line(f));
    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(r.detail()).isEqualTo("freeswitch-csv line: 14 columns, template 'example' has 15");
    assertNoInputNumbers(r.detail());
  }

  @Test
  void otherBadLines_areRejectedWithReasonAndPositionedDetail() {
    List<DecodeResult> all = new ArrayList<>();
    DecodeResult unquoted = decode(ANSWERED.replace("\"232\"", "232"));
    assertThat(unquoted.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(unquoted.detail()).startsWith("freeswitch-csv column 8 'duration': does not start with '\"' (byte ");
    all.add(unquoted);

    DecodeResult open = decode(ANSWERED.substring(0, ANSWERED.length() - 1));
    assertThat(open.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(open.detail()).startsWith("freeswitch-csv column 15 'write_codec': no closing '\"'");
    all.add(open);

    DecodeResult badStamp = decode(with(ANSWERED, 5, "2026-03-01 9:05:10"));
    assertThat(badStamp.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(badStamp.detail()).isEqualTo("freeswitch-csv column 5 'start_stamp': not a timestamp");
    all.add(badStamp);

    DecodeResult noUuid = decode(with(ANSWERED, 11, ""));
    assertThat(noUuid.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(noUuid.detail()).isEqualTo("freeswitch-csv column 11 'uuid': empty");
    all.add(noUuid);

    DecodeResult noEnd = decode(with(ANSWERED, 7, ""));
    assertThat(noEnd.detail()).isEqualTo("freeswitch-csv column 7 'end_stamp': empty");
    all.add(noEnd);

    DecodeResult badDuration = decode(with(ANSWERED, 8, "2x2"));
    assertThat(badDuration.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(badDuration.detail()).isEqualTo("freeswitch-csv column 8 'duration': not a whole number");
    all.add(badDuration);

    DecodeResult billTooLong = decode(with(ANSWERED, 9, "300"));
    assertThat(billTooLong.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(billTooLong.detail()).isEqualTo("freeswitch-csv column 9 'billsec': exceeds column 8 'duration'");
    all.add(billTooLong);

    DecodeResult backwards = decode(with(ANSWERED, 7, "2026-03-01 09:00:00"));
    assertThat(backwards.detail()).isEqualTo("freeswitch-csv end time: before the start time");
    all.add(backwards);

    DecodeResult trailingComma = decode(ANSWERED + ",");
    assertThat(trailingComma.detail()).startsWith("freeswitch-csv line: ends with ','");
    all.add(trailingComma);

    for (DecodeResult r : all) {
      assertNoInputNumbers(r.detail());
    }
  }

  static void assertNoInputNumbers(String detail) {
    assertThat(detail).isNotBlank();
    for (String run : ANSWERED.split("[^0-9]+")) {
      if (run.length() >= 4) {
        assertThat(detail).doesNotContain(run);
      }
    }
  }
}
