package io.cdrvault.ingest.format.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.DecodedOnce;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 1: one Asterisk channel writes several CDRs with the same {@code uniqueid} — a
 * Dial() to a busy peer and then one that is answered, a failed attempt then a busy one, forked
 * CDRs — and the 16/18-column layouts have no sequence column. Each is a record of its own; a true
 * resend (the same line again) keeps its id. Lines in {@code cdr_csv}'s 18-column shape
 * ({@code loguniqueid}, {@code loguserfield}): amaflags {@code DOCUMENTATION}, an unanswered CDR's
 * answer column empty and unquoted, durations unquoted.
 */
class AsteriskCsvChannelCdrsTest {
  static final SourceContext PBX = new SourceContext("pbx-east", "US", ZoneId.of("America/New_York"));

  /** Alice (1001) dials 2000: Bob's phone is busy, the dialplan then rings Charlie, who answers. */
  static final String BUSY_FIRST = "\"\",\"1001\",\"2000\",\"from-internal\",\"\"\"Alice\"\" <1001>\","
      + "\"PJSIP/1001-00000010\",\"PJSIP/bob-00000011\",\"Dial\",\"PJSIP/bob,30\",\"2026-03-02 10:00:00\",,"
      + "\"2026-03-02 10:00:02\",2,0,\"BUSY\",\"DOCUMENTATION\",\"pbx1-1772463600.16\",\"\"";
  static final String ANSWERED_SECOND = "\"\",\"1001\",\"2000\",\"from-internal\",\"\"\"Alice\"\" <1001>\","
      + "\"PJSIP/1001-00000010\",\"PJSIP/charlie-00000012\",\"Dial\",\"PJSIP/charlie,30\","
      + "\"2026-03-02 10:00:02\",\"2026-03-02 10:00:07\",\"2026-03-02 10:03:07\",185,180,\"ANSWERED\","
      + "\"DOCUMENTATION\",\"pbx1-1772463600.16\",\"\"";
  /** A call to a trunk: the first attempt fails (no route), a retry finds it busy; same channel. */
  static final String FAILED_THEN = "\"ACME-0042\",\"2025550143\",\"0033170189932\",\"from-internal\","
      + "\"\"\"Front Desk\"\" <2025550143>\",\"PJSIP/desk-7-0000002a\",\"\",\"Dial\","
      + "\"PJSIP/0033170189932@trunk-out,60\",\"2026-03-02 11:15:00\",,\"2026-03-02 11:15:00\",0,0,\"FAILED\","
      + "\"BILLING\",\"pbx1-1772468100.42\",\"\"";
  static final String BUSY_AFTER = "\"ACME-0042\",\"2025550143\",\"0033170189932\",\"from-internal\","
      + "\"\"\"Front Desk\"\" <2025550143>\",\"PJSIP/desk-7-0000002a\",\"PJSIP/trunk-out-0000002b\",\"Dial\","
      + "\"PJSIP/0033170189932@trunk-out,60\",\"2026-03-02 11:15:01\",,\"2026-03-02 11:15:04\",3,0,\"BUSY\","
      + "\"BILLING\",\"pbx1-1772468100.42\",\"\"";

  private final AsteriskCsvDecoder decoder = AsteriskCsvDecoder.create();

  private Cdr decode(String line) {
    return DecodedOnce.single(decoder, line, PBX);
  }

  @Test
  void busyThenAnswered_onOneChannel_areTwoRecords_withExactValues() {
    Cdr busy = decode(BUSY_FIRST);
    Cdr answered = decode(ANSWERED_SECOND);

    assertThat(busy.origin()).isEqualTo("pbx1");
    assertThat(busy.originId()).matches("pbx1-1772463600\\.16/sha256:[0-9a-f]{32}");
    assertThat(busy.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(busy.answer()).isNull();
    assertThat(busy.start()).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
    assertThat(busy.end()).isEqualTo(Instant.parse("2026-03-02T15:00:02Z"));
    assertThat(busy.durationSeconds()).isEqualTo(2);
    assertThat(busy.billableSeconds()).isZero();
    assertThat(busy.trunk()).isEqualTo("bob");

    assertThat(answered.origin()).isEqualTo("pbx1");
    assertThat(answered.originId()).matches("pbx1-1772463600\\.16/sha256:[0-9a-f]{32}");
    assertThat(answered.id()).isNotEqualTo(busy.id());
    assertThat(answered.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(answered.start()).isEqualTo(Instant.parse("2026-03-02T15:00:02Z"));
    assertThat(answered.answer()).isEqualTo(Instant.parse("2026-03-02T15:00:07Z"));
    assertThat(answered.end()).isEqualTo(Instant.parse("2026-03-02T15:03:07Z"));
    assertThat(answered.durationSeconds()).isEqualTo(185);
    assertThat(answered.billableSeconds()).isEqualTo(180);
    assertThat(answered.called().raw()).isEqualTo("2000");
    assertThat(answered.called().e164()).as("a dialled extension is no E.164 number").isNull();
  }

  @Test
  void failedThenBusy_onOneChannel_areTwoRecords_andNeitherIsBillable() {
    Cdr failed = decode(FAILED_THEN);
    Cdr busy = decode(BUSY_AFTER);
    assertThat(failed.id()).isNotEqualTo(busy.id());
    assertThat(failed.disposition()).isEqualTo(Disposition.FAILED);
    assertThat(busy.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(failed.billableSeconds() + busy.billableSeconds()).isZero();
    assertThat(failed.called().e164()).isEqualTo("+33170189932");
    assertThat(failed.trunk()).isNull();
    assertThat(busy.trunk()).isEqualTo("trunk-out");
  }

  @Test
  void aResentLine_keepsItsId_withOrWithoutItsLineEnd() {
    Set<Object> ids = new HashSet<>();
    for (String line : List.of(BUSY_FIRST, ANSWERED_SECOND, FAILED_THEN, BUSY_AFTER)) {
      Cdr first = decode(line);
      assertThat(decode(line).id()).isEqualTo(first.id());
      assertThat(decode(line + "\r\n").id()).isEqualTo(first.id());
      assertThat(decode(line + "\n").id()).isEqualTo(first.id());
      ids.add(first.id());
    }
    assertThat(ids).as("four CDRs of two channels, four records").hasSize(4);
  }

  @Test
  void withASequenceColumn_theSequenceStillTellsThemApart() {
    Cdr a = decode(BUSY_FIRST + ",\"\",\"pbx1-1772463600.16\",31");
    Cdr b = decode(ANSWERED_SECOND + ",\"\",\"pbx1-1772463600.16\",32");
    assertThat(a.originId()).isEqualTo("pbx1-1772463600.16/31");
    assertThat(b.originId()).isEqualTo("pbx1-1772463600.16/32");
  }
}
