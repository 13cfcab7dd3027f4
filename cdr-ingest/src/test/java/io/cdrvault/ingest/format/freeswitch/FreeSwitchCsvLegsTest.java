package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LinkedLegs;
import io.cdrvault.ingest.format.PayloadFramer;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: {@code mod_cdr_csv} configured {@code legs=ab} writes each bridged call twice —
 * the B leg (the callee's channel, written first, when it hangs up) and the A leg, whose
 * {@code bleg_uuid} is the B leg's {@code uuid} — with the same template. Lines below are in the
 * shape of the shipped {@code example} template: every field quoted, local stamps, the B leg's
 * caller id copied from the A leg and its destination the callee's number.
 */
class FreeSwitchCsvLegsTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
  static final SourceContext PLAIN = new SourceContext("fs-csv-1", "US", NY);
  /** The carrier appended {@code "${originator}"} to the template as column 16. */
  static final SourceContext MARKED = new SourceContext("fs-csv-1", "US", NY,
      Map.of("columns", "16", "legColumn", "16"));

  static final String A1 = "a41c7d10-5c1b-4be3-9f0e-7d9e0b2c1a01";
  static final String B1 = "b52d8e21-6d2c-4cf4-8a1f-8eaf1c3d2b02";
  static final String A2 = "a63e9f32-7e3d-4d05-9b20-9fb02d4e3c03";
  static final String B2 = "b74fa043-8f4e-4e16-8c31-a0c13e5f4d04";

  static final String CALL1_B = FreeSwitchCsvDecoderTest.line("Front Desk", "2025550143", "12025550177", "default",
      "2026-03-01 09:05:10", "2026-03-01 09:05:15", "2026-03-01 09:09:02", "232", "227", "NORMAL_CLEARING",
      B1, "", "ACME-0042", "PCMU", "PCMU");
  static final String CALL1_A = FreeSwitchCsvDecoderTest.line("Front Desk", "2025550143", "12025550177", "default",
      "2026-03-01 09:05:10", "2026-03-01 09:05:15", "2026-03-01 09:09:02", "232", "227", "NORMAL_CLEARING",
      A1, B1, "ACME-0042", "PCMU", "PCMU");
  static final String CALL2_B = FreeSwitchCsvDecoderTest.line("Pat Doe", "2025550168", "2025550190", "default",
      "2026-03-01 10:00:01", "2026-03-01 10:00:09", "2026-03-01 10:01:00", "59", "51", "NORMAL_CLEARING",
      B2, "", "", "G722", "G722");
  static final String CALL2_A = FreeSwitchCsvDecoderTest.line("Pat Doe", "2025550168", "2025550190", "default",
      "2026-03-01 10:00:00", "2026-03-01 10:00:09", "2026-03-01 10:01:00", "60", "51", "NORMAL_CLEARING",
      A2, B2, "", "G722", "G722");

  private final CdrDecoder decoder = FreeSwitchCsvDecoder.create();

  private DecodeResult decode(String line, SourceContext source) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), source);
  }

  private static String marked(String line, String originator) {
    return line + ",\"" + originator + "\"";
  }

  @Test
  void twoCallFile_withBothLegs_billsTwoCalls_once_whenLegsAreCorrelated() {
    String file = String.join("\n", CALL1_B, CALL1_A, "", CALL2_B, CALL2_A) + "\n";
    List<PayloadFramer.Framed> frames = PayloadFramer.frame(file.getBytes(StandardCharsets.UTF_8),
        decoder.framing());
    DecodeResult[] results = new DecodeResult[frames.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = decoder.decode(frames.get(i).payload(), PLAIN);
    }
    assertThat(results[1].linkedLegs()).containsExactly(B1);
    assertThat(new LinkedLegs(LinkedLegs.DEFAULT_CAPACITY).apply(results)).containsExactly(0, 2);

    List<Cdr> stored = new ArrayList<>();
    for (DecodeResult r : results) {
      stored.addAll(r.records());
    }
    assertThat(stored).extracting(Cdr::originId).containsExactly(A1, A2);
    assertThat(stored.stream().mapToLong(Cdr::billableSeconds).sum()).isEqualTo(227 + 51);
    assertThat(results[0].skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);
    assertThat(results[2].skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);

    Cdr call2 = stored.get(1);
    assertThat(call2.start()).isEqualTo(Instant.parse("2026-03-01T15:00:00Z"));
    assertThat(call2.answer()).isEqualTo(Instant.parse("2026-03-01T15:00:09Z"));
    assertThat(call2.end()).isEqualTo(Instant.parse("2026-03-01T15:01:00Z"));
    assertThat(call2.durationSeconds()).isEqualTo(60);
    assertThat(call2.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call2.calling().e164()).isEqualTo("+12025550168");
    assertThat(call2.called().e164()).isEqualTo("+12025550190");
    assertThat(call2.account()).isNull();
    assertThat(call2.codec()).isEqualTo("G722");
  }

  @Test
  void withALegColumn_theBLegIsSkippedOnItsOwn_withTheReason() {
    DecodeResult b = decode(marked(CALL1_B, A1), MARKED);
    assertThat(b.isOk()).isTrue();
    assertThat(b.skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);
    assertThat(b.records()).isEmpty();
    assertThat(b.detail()).isEqualTo("freeswitch-csv column 16 (option 'legColumn') is set: a B leg");

    DecodeResult a = decode(marked(CALL1_A, ""), MARKED);
    assertThat(a.records()).singleElement().satisfies(c -> {
      assertThat(c.originId()).isEqualTo(A1);
      assertThat(c.billableSeconds()).isEqualTo(227);
      assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10Z"));
    });
    assertThat(a.linkedLegs()).containsExactly(B1);
  }

  @Test
  void anALegWithoutBLeg_namesNothing() {
    DecodeResult r = decode(FreeSwitchCsvDecoderTest.ANSWERED, PLAIN);
    assertThat(r.records()).containsExactly(FreeSwitchCsvDecoderTest.expectedAnswered());
    assertThat(r.linkedLegs()).isEmpty();
  }

  @Test
  void blankLines_areNotRecords_andNotErrors() {
    for (String blank : new String[] {"", "\n", "\r\n", "   ", " \t \r\n"}) {
      DecodeResult r = decode(blank, PLAIN);
      assertThat(r.reason()).as("'%s'", blank).isNull();
      assertThat(r.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
      assertThat(r.detail()).isEqualTo("freeswitch-csv line: blank");
    }
  }

  @Test
  void columnOptions_areCheckedAndNamed() {
    DecodeResult bad = decode(marked(CALL1_A, ""), new SourceContext("fs", "US", NY, Map.of("legColumn", "12")));
    assertThat(bad.reason()).isEqualTo(RejectReason.UNSUPPORTED_SCHEMA);
    assertThat(bad.detail()).isEqualTo("freeswitch-csv options: 'columns' must be 15..64 and 'legColumn' a column"
        + " after 15 within them");
    DecodeResult notANumber = decode(CALL1_A, new SourceContext("fs", "US", NY, Map.of("columns", "sixteen")));
    assertThat(notANumber.detail()).isEqualTo("freeswitch-csv option 'columns' must be a column number from 1 to 64");

    DecodeResult short15 = decode(CALL1_A, MARKED);
    assertThat(short15.reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(short15.detail()).isEqualTo("freeswitch-csv line: 15 columns, the configured template has 16");

    SourceContext extra = new SourceContext("fs", "US", NY, Map.of("columns", "17"));
    DecodeResult ignored = decode(CALL1_A + ",\"x\",\"y\"", extra);
    assertThat(ignored.records()).singleElement().extracting(Cdr::originId).isEqualTo(A1);
  }
}
