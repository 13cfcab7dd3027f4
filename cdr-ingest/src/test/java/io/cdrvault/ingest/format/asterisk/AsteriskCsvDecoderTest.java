package io.cdrvault.ingest.format.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsteriskCsvDecoderTest {
  /** The example switch, configured as running in New York local time. */
  static final SourceContext PBX = new SourceContext("pbx-east", "US", ZoneId.of("America/New_York"));

  private final AsteriskCsvDecoder decoder = AsteriskCsvDecoder.create();

  static List<String> exampleLines() {
    try (InputStream in = AsteriskCsvDecoderTest.class.getResourceAsStream("/formats/asterisk-master.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static final String FIRST = exampleLines().get(0);
  static final String BASE16 = FIRST.substring(0, FIRST.indexOf(",\"pbx1-1772356443.2591\""));
  static final String LINKED21_SEQ1 = FIRST + ",\"\",\"pbx1-1772356443.2591\",1";
  static final String LINKED21_SEQ2 = FIRST.replace("\"ANSWERED\"", "\"NO ANSWER\"").replace("455,", "0,")
      .replace("\"2026-03-01 09:14:09\"", "") + ",\"\",\"pbx1-1772356443.2591\",2";

  private DecodeResult decode(String line) {
    return decode(line, PBX);
  }

  private DecodeResult decode(String line, SourceContext source) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), source);
  }

  private static Cdr single(DecodeResult r) {
    assertThat(r.isOk()).as("rejected: %s", r.detail()).isTrue();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    assertThat(r.droppedContentFields()).isZero();
    return r.records().get(0);
  }

  private static Instant utc(String s) {
    return Instant.parse(s);
  }

  @Test
  void exampleAnsweredCall_decodesToExactCanonicalValues() {
    Cdr c = single(decode(FIRST));
    assertThat(c.origin()).isEqualTo("pbx1");
    assertThat(c.originId()).isEqualTo("pbx1-1772356443.2591/sha256:535a10b9de40afbfd36834a862d9275f");
    assertThat(c.id()).isEqualTo(RecordId.of("pbx1", c.originId()));
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.account()).isEqualTo("ACME-0042");
    assertThat(c.accountDirection()).isEqualTo(Direction.ORIGINATING);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("2025550143", "+12025550143"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("12025550177", "+12025550177"));
    // 09:14:03 EST (UTC-5) on 1 March
    assertThat(c.start()).isEqualTo(utc("2026-03-01T14:14:03Z"));
    assertThat(c.answer()).isEqualTo(utc("2026-03-01T14:14:09Z"));
    assertThat(c.end()).isEqualTo(utc("2026-03-01T14:21:44Z"));
    assertThat(c.durationSeconds()).isEqualTo(461);
    assertThat(c.billableSeconds()).isEqualTo(455);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.cause()).isEqualTo("ANSWERED");
    assertThat(c.causeCode()).isNull();
    assertThat(c.trunk()).isEqualTo("trunk-out");
    assertThat(c.smsSegments()).isZero();
    assertThat(c.deliveryStatus()).isNull();
  }

  @Test
  void unansweredCall_withEmptyUnquotedAnswer_hasNoAnswerAndInternationalPrefixNormalised() {
    Cdr c = single(decode(exampleLines().get(1)));
    assertThat(c.answer()).isNull();
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.cause()).isEqualTo("NO ANSWER");
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("011442079460958", "+442079460958"));
    assertThat(c.durationSeconds()).isEqualTo(41);
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.start()).isEqualTo(utc("2026-03-01T14:30:00Z"));
    assertThat(c.end()).isEqualTo(utc("2026-03-01T14:30:41Z"));
    assertThat(c.originId()).isEqualTo("pbx1-1772357400.2593/sha256:6bf918165e2a38eb87b73f680f76b48e");
  }

  @Test
  void anonymousInboundCall_marksCallerAnonymousAndHasNoAccount() {
    Cdr c = single(decode(exampleLines().get(2)));
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("2025550143", "+12025550143"));
    assertThat(c.account()).isNull();
    assertThat(c.accountDirection()).isNull();
    assertThat(c.durationSeconds()).isEqualTo(5);
    assertThat(c.billableSeconds()).isEqualTo(1);
    assertThat(c.trunk()).as("a phone endpoint named by its number is not a trunk").isNull();
  }

  @Test
  void featureCode_isKeptRawAndMarkedNotForcedIntoE164_andEmptyDstChannelGivesNoTrunk() {
    Cdr c = single(decode(exampleLines().get(3)));
    assertThat(c.called().raw()).isEqualTo("*97");
    assertThat(c.called().kind()).isEqualTo(NumberKind.EXTENSION);
    assertThat(c.called().e164()).isNull();
    assertThat(c.called()).isEqualTo(NumberNormalizer.forRegion("US").normalize("*97"));
    assertThat(c.trunk()).isNull();
    assertThat(c.answer()).isEqualTo(c.start());
  }

  @Test
  void doubledQuotesAndCommaInsideQuotes_keepEighteenColumns_userfieldNotStored() {
    Cdr c = single(decode(exampleLines().get(4)));
    assertThat(c.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(c.cause()).isEqualTo("BUSY");
    assertThat(c.originId()).isEqualTo("pbx1-1772366400.2599/sha256:0ae5b1eaf4f5eb85e7d0b3be5eb7d8e2");
    assertThat(c.durationSeconds()).isEqualTo(4);
    // the line fills answer (12:00:02) and billsec 2 for a BUSY call: the disposition decides
    assertThat(c.answer()).isNull();
    assertThat(c.billableSeconds()).isZero();
    assertThat(Arrays.asList(c.account(), c.cause(), c.trunk(), c.codec(), c.userAgent())).doesNotContain("project x");
  }

  @Test
  void everyExampleLine_getsItsOwnRecordId() {
    List<RecordId> ids = exampleLines().stream().map(l -> single(decode(l)).id()).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(5);
  }

  @Test
  void usegmtime_readsTimesAsUtc_matchingTheUniqueidEpoch() {
    SourceContext gmt = new SourceContext("pbx-east", "US", ZoneId.of("America/New_York"),
        Map.of("usegmtime", "true"));
    Cdr c = single(decode(FIRST, gmt));
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772356443L));
    assertThat(c.start()).isEqualTo(utc("2026-03-01T09:14:03Z"));
    assertThat(c.end()).isEqualTo(utc("2026-03-01T09:21:44Z"));
    SourceContext explicitLocal = new SourceContext("pbx-east", "US", ZoneId.of("America/New_York"),
        Map.of("usegmtime", "no"));
    assertThat(single(decode(FIRST, explicitLocal)).start()).isEqualTo(utc("2026-03-01T14:14:03Z"));
  }

  @Test
  void sixteenColumns_withoutUniqueid_useSourceNameAndHashOfTheLine() throws Exception {
    Cdr c = single(decode(BASE16));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(BASE16.getBytes(StandardCharsets.UTF_8));
    String expectedId = "sha256:" + HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
    assertThat(c.origin()).isEqualTo("pbx-east");
    assertThat(c.originId()).isEqualTo(expectedId);
    assertThat(c.id()).isEqualTo(RecordId.of("pbx-east", expectedId));
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
    assertThat(c.durationSeconds()).isEqualTo(461);
    // a line terminator does not change the record id
    assertThat(single(decode(BASE16 + "\r\n")).id()).isEqualTo(c.id());
    assertThat(single(decode(BASE16 + "\n")).id()).isEqualTo(c.id());
  }

  @Test
  void twentyOneColumns_severalCdrsOfOneCall_getDistinctIdsBySequence() {
    Cdr first = single(decode(LINKED21_SEQ1));
    Cdr second = single(decode(LINKED21_SEQ2));
    assertThat(first.originId()).isEqualTo("pbx1-1772356443.2591/1");
    assertThat(second.originId()).isEqualTo("pbx1-1772356443.2591/2");
    assertThat(first.id()).isEqualTo(RecordId.of("pbx1", "pbx1-1772356443.2591/1"));
    assertThat(second.id()).isEqualTo(RecordId.of("pbx1", "pbx1-1772356443.2591/2"));
    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(second.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(second.answer()).isNull();
  }

  @Test
  void columnsOption_overridesTheLayout() {
    SourceContext custom = new SourceContext("pbx-west", "US", ZoneId.of("UTC"), Map.of("columns",
        "uniqueid, start,answer,end,src,dst,duration,billsec,disposition,accountcode,x-custom"));
    Cdr c = single(decode("\"pbx2-1772356443.7\",\"2026-03-01 09:14:03\",,\"2026-03-01 09:14:10\","
        + "\"2025550143\",\"12025550177\",7,0,\"NO ANSWER\",\"\",\"whatever\"", custom));
    assertThat(c.origin()).isEqualTo("pbx2");
    assertThat(c.originId()).isEqualTo("pbx2-1772356443.7/sha256:ed32bfd4c621e5c742c1121d3ee12dfd");
    assertThat(c.start()).isEqualTo(utc("2026-03-01T09:14:03Z"));
    assertThat(c.end()).isEqualTo(utc("2026-03-01T09:14:10Z"));
    assertThat(c.answer()).isNull();
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.durationSeconds()).isEqualTo(7);
    assertThat(c.account()).isNull();
    assertThat(c.trunk()).isNull();
  }

  @Test
  void uniqueidWithoutSystemName_usesSourceNameAsOrigin() {
    Cdr c = single(decode(FIRST.replace("pbx1-1772356443.2591", "1772356443.2591")));
    assertThat(c.origin()).isEqualTo("pbx-east");
    assertThat(c.originId()).isEqualTo("1772356443.2591/sha256:71283bae07be5050b195671192ce50ab");
    assertThat(AsteriskCsvDecoder.systemName("pbx-east-1-1772356443.2591")).isEqualTo("pbx-east-1");
    assertThat(AsteriskCsvDecoder.systemName("pbx1-abc")).isNull();
  }

  @Test
  void unansweredDispositions_withFilledAnswerAndBillsec_haveNoAnswerAndNothingBillable() {
    // FIRST fills answer 09:14:09 and billsec 455 of duration 461
    for (String[] d : new String[][] {{"FAILED", "FAILED"}, {"NO ANSWER", "NO_ANSWER"}, {"BUSY", "BUSY"},
        {"CONGESTION", "CONGESTION"}, {"CANCEL", "CANCELLED"}}) {
      Cdr c = single(decode(FIRST.replace("\"ANSWERED\"", "\"" + d[0] + "\"")));
      assertThat(c.disposition()).as(d[0]).isEqualTo(Disposition.valueOf(d[1]));
      assertThat(c.cause()).as(d[0]).isEqualTo(d[0]);
      assertThat(c.answer()).as(d[0]).isNull();
      assertThat(c.billableSeconds()).as(d[0]).isZero();
      assertThat(c.durationSeconds()).as(d[0]).isEqualTo(461);
      assertThat(c.start()).as(d[0]).isEqualTo(utc("2026-03-01T14:14:03Z"));
      assertThat(c.end()).as(d[0]).isEqualTo(utc("2026-03-01T14:21:44Z"));
      assertThat(c.answered()).as(d[0]).isFalse();
    }
  }

  @Test
  void noAnswer_withAnswerColumnCopyingTheStart_hasNoAnswer() {
    // some cdr_csv versions write the start time into 'answer' for an unanswered call
    String line = exampleLines().get(1).replace("\"2026-03-01 09:30:00\",,", "\"2026-03-01 09:30:00\",\"2026-03-01 09:30:00\",");
    assertThat(line).contains("\"2026-03-01 09:30:00\",\"2026-03-01 09:30:00\",\"2026-03-01 09:30:41\",41,0,\"NO ANSWER\"");
    Cdr c = single(decode(line));
    assertThat(c.disposition()).isEqualTo(Disposition.NO_ANSWER);
    assertThat(c.answer()).isNull();
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.durationSeconds()).isEqualTo(41);
    assertThat(c.start()).isEqualTo(utc("2026-03-01T14:30:00Z"));
    assertThat(c.end()).isEqualTo(utc("2026-03-01T14:30:41Z"));
  }

  @Test
  void answered_withEmptyAnswer_isMissingTheAnswer() {
    DecodeResult r = decode(FIRST.replace("\"2026-03-01 09:14:09\"", ""));
    assertThat(r.isOk()).isFalse();
    assertThat(r.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(r.detail()).isEqualTo("asterisk-csv column 11 'answer' is empty for disposition ANSWERED");
    assertThat(r.records()).isEmpty();
  }

  @Test
  void answered_withoutAnAnswerColumnInTheLayout_keepsBillsecAndHasNoAnswerTime() {
    SourceContext custom = new SourceContext("pbx-west", "US", ZoneId.of("UTC"), Map.of("columns",
        "uniqueid,start,end,src,dst,duration,billsec,disposition"));
    Cdr c = single(decode("\"pbx2-1772356443.8\",\"2026-03-01 09:14:03\",\"2026-03-01 09:14:10\","
        + "\"2025550143\",\"12025550177\",7,5,\"ANSWERED\"", custom));
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.answer()).isNull();
    assertThat(c.durationSeconds()).isEqualTo(7);
    assertThat(c.billableSeconds()).isEqualTo(5);
  }

  @Test
  void otherDispositions_mapToTheirCanonicalValues() {
    assertThat(single(decode(FIRST.replace("\"ANSWERED\"", "\"FAILED\""))).disposition()).isEqualTo(Disposition.FAILED);
    assertThat(single(decode(FIRST.replace("\"ANSWERED\"", "\"CONGESTION\""))).disposition())
        .isEqualTo(Disposition.CONGESTION);
    Cdr cancel = single(decode(FIRST.replace("\"ANSWERED\"", "\"CANCEL\"")));
    assertThat(cancel.disposition()).isEqualTo(Disposition.CANCELLED);
    assertThat(cancel.cause()).isEqualTo("CANCEL");
  }

  @Test
  void registry_standard_servesThisDecoder() {
    assertThat(DecoderRegistry.standard().forName(AsteriskCsvDecoder.FORMAT)).get()
        .isInstanceOf(AsteriskCsvDecoder.class);
  }

  private DecodeResult rejected(String line, SourceContext source, RejectReason reason) {
    DecodeResult r = decode(line, source);
    assertThat(r.isOk()).as("expected a reject").isFalse();
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.records()).isEmpty();
    assertThat(r.detail()).startsWith("asterisk-csv");
    for (String number : List.of("2025550143", "12025550177", "1772356443", "ACME-0042", "Front Desk")) {
      assertThat(r.detail()).doesNotContain(number);
    }
    return r;
  }

  private DecodeResult rejected(String line, RejectReason reason) {
    return rejected(line, PBX, reason);
  }

  @Test
  void wrongColumnCount_isMalformed() {
    String seventeen = FIRST.substring(0, FIRST.lastIndexOf(','));
    assertThat(rejected(seventeen, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv: line has 17 columns; cdr_csv writes 16, 18 or 21 (set option 'columns' for another layout)");
    assertThat(rejected(FIRST + ",".repeat(200), RejectReason.MALFORMED).detail()).contains("more than 128 columns");
  }

  @Test
  void brokenQuoting_isMalformedWithColumnAndBytePosition() {
    String unclosed = FIRST.substring(0, FIRST.length() - 1);
    assertThat(rejected(unclosed, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv column 18: quoted field opened at byte " + (FIRST.length() - 2) + " is not closed");
    String afterQuote = FIRST.replace("\"2025550143\",\"12025550177\"", "\"2025550143\"x,\"12025550177\"");
    assertThat(rejected(afterQuote, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv column 2: text after the closing quote at byte 24");
    String quoteInside = FIRST.replace(",461,", ",4\"61,");
    assertThat(rejected(quoteInside, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv column 13: quote inside an unquoted field at byte " + (FIRST.indexOf(",461,") + 2));
    String lineBreak = FIRST.replace(",461,", ",46\n1,");
    assertThat(rejected(lineBreak, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv column 13: line break outside quotes at byte " + (FIRST.indexOf(",461,") + 3));
  }

  @Test
  void blankLines_areNotRecords_andNotErrors() {
    for (String blank : new String[] {"", "\r\n", "\n", "  \t \r\n"}) {
      DecodeResult r = decoder.decode(blank.getBytes(StandardCharsets.UTF_8), PBX);
      assertThat(r.reason()).as("'%s'", blank).isNull();
      assertThat(r.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
      assertThat(r.records()).isEmpty();
      assertThat(r.detail()).isEqualTo("asterisk-csv: blank line");
    }
    assertThat(decoder.decode(null, PBX).skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
  }

  @Test
  void badTimestamps_areInvalidOrMissing() {
    assertThat(rejected(FIRST.replace("2026-03-01 09:14:03", "2026-03-01 9:14:03"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("asterisk-csv column 10 'start': not a timestamp");
    assertThat(rejected(FIRST.replace("2026-03-01 09:14:09", "2026-02-30 09:14:09"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("asterisk-csv column 11 'answer': not a timestamp");
    assertThat(rejected(FIRST.replace("\"2026-03-01 09:14:03\"", "\"\""), RejectReason.MISSING_FIELD)
        .detail()).isEqualTo("asterisk-csv column 10 'start' is empty");
    assertThat(rejected(FIRST.replace("\"2026-03-01 09:21:44\"", ""), RejectReason.MISSING_FIELD)
        .detail()).isEqualTo("asterisk-csv column 12 'end' is empty");
    assertThat(rejected(FIRST.replace("2026-03-01 09:21:44", "2026-03-01 09:00:00"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("asterisk-csv column 12 'end' is before asterisk-csv column 10 'start'");
    assertThat(rejected(FIRST.replace("2026-03-01 09:14:09", "2026-03-01 09:14:00"), RejectReason.INVALID_FIELD)
        .detail()).isEqualTo("asterisk-csv column 11 'answer' is before asterisk-csv column 10 'start'");
  }

  @Test
  void badDurations_areInvalidOrMissing() {
    assertThat(rejected(FIRST.replace(",461,", ",4x1,"), RejectReason.INVALID_FIELD).detail())
        .isEqualTo("asterisk-csv column 13 'duration': not a whole number of seconds");
    assertThat(rejected(FIRST.replace(",461,", ",-461,"), RejectReason.INVALID_FIELD).detail())
        .isEqualTo("asterisk-csv column 13 'duration': not a whole number of seconds");
    assertThat(rejected(FIRST.replace(",455,", ",,"), RejectReason.MISSING_FIELD).detail())
        .isEqualTo("asterisk-csv column 14 'billsec' is empty");
    assertThat(rejected(FIRST.replace(",455,", ",462,"), RejectReason.INVALID_FIELD).detail())
        .isEqualTo("asterisk-csv column 14 'billsec' exceeds asterisk-csv column 13 'duration'");
    assertThat(rejected(FIRST.replace(",461,", ",99999999999,"), RejectReason.INVALID_FIELD).detail())
        .isEqualTo("asterisk-csv column 13 'duration': not a whole number of seconds");
  }

  @Test
  void unknownDisposition_isInvalidWithoutEchoingIt() {
    DecodeResult r = rejected(FIRST.replace("\"ANSWERED\"", "\"HUNG UP\""), RejectReason.INVALID_FIELD);
    assertThat(r.detail()).startsWith("asterisk-csv column 15 'disposition': not a disposition").doesNotContain("HUNG");
    assertThat(rejected(FIRST.replace("\"ANSWERED\"", "\"answered\""), RejectReason.INVALID_FIELD).detail())
        .doesNotContain("answered");
  }

  @Test
  void twentyOneColumns_withEmptySequence_isMissing() {
    assertThat(rejected(FIRST + ",\"\",\"pbx1-1772356443.2591\",", RejectReason.MISSING_FIELD).detail())
        .isEqualTo("asterisk-csv column 21 'sequence' is empty");
  }

  @Test
  void unusableOptions_areRejectedNamingTheOption() {
    SourceContext badGmt = new SourceContext("pbx-east", "US", ZoneId.of("UTC"), Map.of("usegmtime", "maybe"));
    assertThat(rejected(FIRST, badGmt, RejectReason.UNSUPPORTED_SCHEMA).detail())
        .isEqualTo("asterisk-csv option 'usegmtime' must be true or false");
    SourceContext noStart = new SourceContext("pbx-east", "US", ZoneId.of("UTC"),
        Map.of("columns", "src,dst,end,duration,billsec,disposition,,src"));
    assertThat(rejected("\"1\",\"2\",\"2026-03-01 09:14:03\",1,1,\"ANSWERED\",\"\",\"1\"", noStart,
        RejectReason.UNSUPPORTED_SCHEMA).detail())
        .contains("column 7 has no name", "column 'src' is named twice", "required column 'start' is missing");
    SourceContext sixColumns = new SourceContext("pbx-east", "US", ZoneId.of("UTC"),
        Map.of("columns", "src,dst,start,end,duration,billsec,disposition"));
    assertThat(rejected(FIRST, sixColumns, RejectReason.MALFORMED).detail())
        .isEqualTo("asterisk-csv: line has 18 columns, option 'columns' names 7");
    SourceContext unknownRegion = new SourceContext("pbx-east", "QQ", ZoneId.of("UTC"));
    assertThat(rejected(FIRST, unknownRegion, RejectReason.UNSUPPORTED_SCHEMA).detail())
        .contains("default region");
  }
}
