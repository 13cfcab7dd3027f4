package io.cdrvault.ingest.format.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.DecodedOnce;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Parties, numbers and local times as Asterisk's {@code cdr_csv} writes {@code Master.csv}
 * (docs/formats/parties-and-times.md), against the current decoder (owned elsewhere). Shape:
 * asterisk/asterisk {@code cdr/cdr_csv.c} (strings quoted, duration/billsec bare, an empty answer
 * unquoted, times {@code %Y-%m-%d %T} in the system's local zone unless {@code usegmtime}) with the
 * sample config's {@code loguniqueid}/{@code loguserfield} (18 columns) or {@code newcdrcolumns}
 * (21 columns). Transfers follow the Asterisk 12+ CDR specification: a blind transfer ends the
 * first CDR and starts a new one whose Party A is the same channel (same uniqueid and linkedid, a
 * new sequence); hold does not end a bridge, so it produces no CDR and its time stays in billsec.
 */
class AsteriskCsvSwitchPartiesAndTimesTest {
  private static final SourceContext NL = new SourceContext("pbx-nl", "NL", ZoneId.of("Europe/Amsterdam"));
  private static final SourceContext US = new SourceContext("pbx-us", "US", ZoneId.of("America/New_York"));

  private final AsteriskCsvDecoder decoder = AsteriskCsvDecoder.create();

  /** An 18-column ANSWERED line; {@code answer} may be empty (written unquoted). */
  private static String line(String src, String dst, String clid, String start, String answer, String end,
      int duration, int billsec, String uniqueId) {
    return "\"\",\"" + src + "\",\"" + dst + "\",\"from-internal\",\"" + clid.replace("\"", "\"\"")
        + "\",\"PJSIP/trunk-in-00000a1f\",\"PJSIP/1002-00000a20\",\"Dial\",\"PJSIP/1002,30\",\"" + start + "\","
        + (answer.isEmpty() ? "" : "\"" + answer + "\"") + ",\"" + end + "\"," + duration + "," + billsec
        + ",\"ANSWERED\",\"DOCUMENTATION\",\"" + uniqueId + "\",\"\"";
  }

  private static String simple(String src, String dst, String clid) {
    return line(src, dst, clid, "2026-03-01 10:00:00", "2026-03-01 10:00:05", "2026-03-01 10:01:05", 65, 60,
        "pbx1-1772355600.1");
  }

  private DecodeResult decode(String line, SourceContext source) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), source);
  }

  private Cdr single(String line, SourceContext source) {
    return DecodedOnce.single(decoder, line, source);
  }

  @Test
  void nlSource_00PrefixAndBareCountryCode_areE164() {
    Cdr c = single(simple("0031201234567", "31612345678", "\"\" <0031201234567>"), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void usSource_011And00AndBareCountryCode_areE164() {
    Cdr c = single(simple("01131201234567", "0031612345678", "\"\" <01131201234567>"), US);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("01131201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("0031612345678", "+31612345678"));
    Cdr bare = single(simple("12025550143", "4915112345678", "\"\" <12025550143>"), US);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
    assertThat(bare.called()).isEqualTo(PhoneNumber.e164("4915112345678", "+4915112345678"));
  }

  @Test
  void extensionAndSipUserName_areKeptRaw_andTheCallIsDecoded() {
    Cdr c = single(simple("1001", "1002", "\"Alice\" <1001>"), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("1002", NumberKind.EXTENSION));
    assertThat(c.billableSeconds()).isEqualTo(60);
    // a PJSIP endpoint whose caller id is its user name: src is "alice", a private-plan address
    // (EXTENSION) as in kamailio-acc / opensips-json, not an SMS sender id
    Cdr user = single(simple("alice", "1002", "\"Alice\" <alice>"), NL);
    assertThat(user.calling()).isEqualTo(PhoneNumber.other("alice", NumberKind.EXTENSION));
  }

  @Test
  void localStamps_inTheSpringGap_moveForward_andInTheAutumnOverlap_takeTheFirstPass() {
    Cdr gap = single(line("1001", "1002", "\"\" <1001>", "2026-03-29 02:30:00", "2026-03-29 02:30:05",
        "2026-03-29 03:40:00", 600, 595, "pbx1-1774747800.1"), NL);
    assertThat(gap.start()).as("02:30 does not exist: 03:30 CEST").isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(gap.answer()).isEqualTo(Instant.parse("2026-03-29T01:30:05Z"));
    assertThat(gap.end()).isEqualTo(Instant.parse("2026-03-29T01:40:00Z"));
    Cdr overlap = single(line("1001", "1002", "\"\" <1001>", "2026-10-25 02:30:00", "2026-10-25 02:30:05",
        "2026-10-25 02:40:00", 600, 595, "pbx1-1792888200.1"), NL);
    assertThat(overlap.start()).as("first 02:30, CEST").isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(overlap.end()).isEqualTo(Instant.parse("2026-10-25T00:40:00Z"));
    assertThat(overlap.billableSeconds()).isEqualTo(595);
  }

  @Test
  void callSpanningSpringForward_hasExactInstants_andBillsecAsWritten() {
    Cdr c = single(line("1001", "0031201234567", "\"\" <1001>", "2026-03-29 01:50:00", "2026-03-29 01:50:05",
        "2026-03-29 03:10:00", 1200, 1195, "pbx1-1774745400.1"), NL);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-29T00:50:00Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-29T00:50:05Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-29T01:10:00Z"));
    assertThat(c.durationSeconds()).isEqualTo(1200);
    assertThat(c.billableSeconds()).isEqualTo(1195);
  }

  @Test
  void callSpanningTheAutumnChange_endsInTheSecondPass_andIsNotRejected() {
    // 02:50 CEST to 02:10 CET is 20 minutes (duration 1200 as Asterisk wrote it): answer and end
    // are read not before the start, so the end takes the overlap's second pass
    Cdr c = single(line("1001", "0031201234567", "\"\" <1001>", "2026-10-25 02:50:00",
        "2026-10-25 02:50:05", "2026-10-25 02:10:00", 1200, 1195, "pbx1-1792889400.1"), NL);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-10-25T00:50:00Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-10-25T00:50:05Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-10-25T01:10:00Z"));
    assertThat(c.durationSeconds()).isEqualTo(1200);
    assertThat(c.billableSeconds()).isEqualTo(1195);
  }

  @Test
  void holdInsideAnsweredCall_staysOneCdr_withTheHeldTimeInBillsec() {
    // answered 10:00:05, on hold 10:02..10:07, hung up 10:20:05: one line, billsec 1200 as written
    Cdr c = single(line("0031201234567", "1002", "\"\" <0031201234567>", "2026-03-01 10:00:00",
        "2026-03-01 10:00:05", "2026-03-01 10:20:05", 1205, 1200, "pbx1-1772355600.7"), NL);
    assertThat(c.billableSeconds()).isEqualTo(1200);
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T09:00:05Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-01T09:20:05Z"));
  }

  @Test
  void blindTransfer_withSequenceColumns_isTwoRecordsBilledSeparately() {
    String first = line("0031201234567", "1002", "\"\" <0031201234567>", "2026-03-01 10:00:00",
        "2026-03-01 10:00:05", "2026-03-01 10:05:00", 300, 295, "pbx1-1772355600.1")
        + ",\"\",\"pbx1-1772355600.1\",11";
    String second = line("0031201234567", "1003", "\"\" <0031201234567>", "2026-03-01 10:05:00",
        "2026-03-01 10:05:04", "2026-03-01 10:20:00", 900, 896, "pbx1-1772355600.1")
        .replace("PJSIP/1002-00000a20", "PJSIP/1003-00000a22") + ",\"\",\"pbx1-1772355600.1\",13";
    Cdr a = single(first, NL);
    Cdr b = single(second, NL);
    assertThat(a.originId()).isEqualTo("pbx1-1772355600.1/11");
    assertThat(b.originId()).isEqualTo("pbx1-1772355600.1/13");
    assertThat(a.billableSeconds() + b.billableSeconds()).isEqualTo(295 + 896);
    assertThat(b.called()).isEqualTo(PhoneNumber.other("1003", NumberKind.EXTENSION));
  }

  @Test
  void blindTransfer_inTheSampleConfigsEighteenColumns_isTwoRecords() {
    // Party A (the transferee's channel) is the same in both CDRs, so is uniqueid; without a
    // sequence column the line tells them apart, and both calls' billable seconds are kept
    Cdr a = single(line("0031201234567", "1002", "\"\" <0031201234567>", "2026-03-01 10:00:00",
        "2026-03-01 10:00:05", "2026-03-01 10:05:00", 300, 295, "pbx1-1772355600.1"), NL);
    Cdr b = single(line("0031201234567", "1003", "\"\" <0031201234567>", "2026-03-01 10:05:00",
        "2026-03-01 10:05:04", "2026-03-01 10:20:00", 900, 896, "pbx1-1772355600.1"), NL);
    assertThat(b.id()).isNotEqualTo(a.id());
    assertThat(a.originId()).startsWith("pbx1-1772355600.1/sha256:");
    assertThat(b.originId()).startsWith("pbx1-1772355600.1/sha256:");
    assertThat(a.billableSeconds() + b.billableSeconds()).isEqualTo(295 + 896);
  }
}
