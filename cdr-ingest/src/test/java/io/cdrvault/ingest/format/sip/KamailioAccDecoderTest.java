package io.cdrvault.ingest.format.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class KamailioAccDecoderTest {
  /** Digit runs of the numbers used below: no reject detail may contain one. */
  static final List<String> NUMBER_DIGITS = List.of("2025550143", "33170189932", "2025550188", "198.51.100");

  static final String INVITE_200 = "ACC: transaction answered: timestamp=1772357000;method=INVITE;"
      + "from_tag=a94c3e1b;to_tag=as58f4a2c1;call_id=5f3a9c1e7b2d4e8f@198.51.100.10;code=200;reason=OK;"
      + "src_user=+12025550143;dst_user=+33170189932;src_ip=198.51.100.10";
  static final String SYSLOG_PREFIX = "Mar  1 09:43:20 sip1 /usr/sbin/kamailio[2412]: NOTICE: acc [acc.c:285]: ";
  static final String INVITE_486 = "ACC: call missed: timestamp=1772358000;method=INVITE;from_tag=c11e07aa;"
      + "to_tag=;call_id=0b8e44d2a1@198.51.100.11;code=486;reason=Busy Here;src_user=2025550188;"
      + "dst_user=2025550143;src_ip=198.51.100.11";
  static final String BYE = "ACC: transaction answered: timestamp=1772357183;method=BYE;from_tag=a94c3e1b;"
      + "to_tag=as58f4a2c1;call_id=5f3a9c1e7b2d4e8f@198.51.100.10;code=200;reason=OK;src_user=+12025550143;"
      + "dst_user=+33170189932;src_ip=198.51.100.10";
  static final String MESSAGE_202 = "ACC: transaction answered: timestamp=1772357300;method=MESSAGE;"
      + "from_tag=77aa01;to_tag=;call_id=m-9911@198.51.100.12;code=202;reason=Accepted;"
      + "src_user=2025550188;dst_user=+12025550143;src_ip=198.51.100.12";
  static final String CDR_LOCAL = "ACC: CDR: start_time=2026-03-01 05:15:02.588;end_time=2026-03-01 05:18:06.000;"
      + "duration=183.412;call_id=5f3a9c1e7b2d4e8f@198.51.100.10;from_tag=a94c3e1b;to_tag=as58f4a2c1;"
      + "src_user=2025550188;dst_user=+33170189932;src_ip=198.51.100.10";

  private final CdrDecoder decoder = KamailioAccDecoder.create();
  private final SourceContext us = new SourceContext("kam1", "US", ZoneId.of("America/New_York"));

  private DecodeResult decode(String line) {
    return decoder.decode(line.getBytes(StandardCharsets.UTF_8), us);
  }

  private static Cdr only(DecodeResult r) {
    assertThat(r.isOk()).as("rejected: %s %s", r.reason(), r.detail()).isTrue();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }

  private static void assertRejected(DecodeResult r, RejectReason reason, String detail) {
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.records()).isEmpty();
    assertThat(r.detail()).isEqualTo(detail);
    for (String digits : NUMBER_DIGITS) {
      assertThat(r.detail()).doesNotContain(digits);
    }
  }

  private static int column(String line, String text) {
    int at = line.indexOf(text);
    assertThat(at).isNotNegative();
    return at + 1;
  }

  @Test
  void answeredInviteTransaction_isAZeroLengthAnsweredVoiceRecord() {
    Cdr c = only(decode(INVITE_200));
    Instant at = Instant.ofEpochSecond(1772357000);
    assertThat(c.id()).isEqualTo(RecordId.of("kam1", "5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1;INVITE"));
    assertThat(c.origin()).isEqualTo("kam1");
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.start()).isEqualTo(at);
    assertThat(c.answer()).isEqualTo(at);
    assertThat(c.end()).isEqualTo(at);
    assertThat(c.durationSeconds()).isZero();
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("+12025550143", "+12025550143"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("+33170189932", "+33170189932"));
    assertThat(c.sourceIp()).isEqualTo("198.51.100.10");
    assertThat(c.causeCode()).isEqualTo(200);
    assertThat(c.cause()).isEqualTo("200 OK");
    assertThat(c.smsSegments()).isZero();
  }

  @Test
  void syslogPrefixAndLineEnd_areTolerated() {
    Cdr plain = only(decode(INVITE_200));
    assertThat(only(decode(SYSLOG_PREFIX + INVITE_200 + "\r\n"))).isEqualTo(plain);
    assertThat(only(decode("<29>1 2026-03-01T09:43:20Z sip1 kamailio 2412 - - " + INVITE_200 + "\n")))
        .isEqualTo(plain);
  }

  @Test
  void missedInvite_isUnansweredWithSipDisposition_andNationalNumbersInE164() {
    Cdr c = only(decode(INVITE_486));
    assertThat(c.id()).isEqualTo(RecordId.of("kam1", "0b8e44d2a1@198.51.100.11;c11e07aa;;INVITE"));
    assertThat(c.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(c.answer()).isNull();
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772358000));
    assertThat(c.end()).isEqualTo(c.start());
    assertThat(c.cause()).isEqualTo("486 Busy Here");
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("2025550188", "+12025550188"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("2025550143", "+12025550143"));
  }

  @Test
  void byeAndOtherNonCallMethods_areSkippedAsNotARecord() {
    for (String line : List.of(BYE, BYE.replace("method=BYE", "method=ACK"),
        BYE.replace("method=BYE", "method=CANCEL"), BYE.replace("method=BYE", "method=REGISTER"))) {
      DecodeResult r = decode(line);
      assertThat(r.isOk()).isTrue();
      assertThat(r.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
      assertThat(r.records()).isEmpty();
    }
  }

  @Test
  void messageTransaction_isAnSmsOfOneSegment() {
    Cdr c = only(decode(MESSAGE_202));
    assertThat(c.id()).isEqualTo(RecordId.of("kam1", "m-9911@198.51.100.12;77aa01;;MESSAGE"));
    assertThat(c.type()).isEqualTo(ServiceType.SMS);
    assertThat(c.smsSegments()).isEqualTo(1);
    assertThat(c.deliveryStatus()).isEqualTo(DeliveryStatus.SUBMITTED);
    assertThat(c.disposition()).isNull();
    assertThat(c.answer()).isNull();
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772357300));
    assertThat(c.end()).isEqualTo(c.start());
    assertThat(c.durationSeconds()).isZero();
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("2025550188", "+12025550188"));
    assertThat(c.cause()).isEqualTo("202 Accepted");

    Cdr failed = only(decode(MESSAGE_202.replace("code=202;reason=Accepted", "code=404;reason=Not Found")));
    assertThat(failed.deliveryStatus()).isEqualTo(DeliveryStatus.FAILED);
  }

  @Test
  void messageWithBody_dropsAndCountsTheContent() {
    DecodeResult r = decode(MESSAGE_202 + ";msg=see you at 5550143");
    Cdr c = only(r);
    assertThat(r.droppedContentFields()).isEqualTo(1);
    assertThat(c).isEqualTo(only(decode(MESSAGE_202)));
  }

  @Test
  void cdrModeWithLocalTimes_roundsDurationUpAndConvertsToUtc() {
    Cdr c = only(decode(CDR_LOCAL));
    assertThat(c.id()).isEqualTo(RecordId.of("kam1", "5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1"));
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T10:15:02.588Z"));
    assertThat(c.answer()).isEqualTo(c.start());
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-01T10:18:06Z"));
    assertThat(c.durationSeconds()).isEqualTo(184);
    assertThat(c.billableSeconds()).isEqualTo(184);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.causeCode()).isNull();
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("2025550188", "+12025550188"));
    assertThat(c.sourceIp()).isEqualTo("198.51.100.10");
  }

  @Test
  void cdrModeWithEpochTimesAndNoKind_isRecognisedByItsKeys() {
    String line = SYSLOG_PREFIX + "ACC: start_time=1772357000.588;end_time=1772357184.000;duration=183.412;"
        + "call_id=c-1@h;from_tag=f;to_tag=t;code=200;reason=OK;src_user=+12025550143;dst_user=+33170189932";
    Cdr c = only(decode(line));
    assertThat(c.id()).isEqualTo(RecordId.of("kam1", "c-1@h;f;t"));
    assertThat(c.start()).isEqualTo(Instant.ofEpochSecond(1772357000, 588_000_000));
    assertThat(c.end()).isEqualTo(Instant.ofEpochSecond(1772357184));
    assertThat(c.durationSeconds()).isEqualTo(184);
    assertThat(c.billableSeconds()).isEqualTo(184);
    assertThat(c.cause()).isEqualTo("200 OK");
  }

  @Test
  void cdrModeWithFailureCode_isUnanswered() {
    Cdr c = only(decode(CDR_LOCAL + ";code=487;reason=Request Terminated"));
    assertThat(c.disposition()).isEqualTo(Disposition.CANCELLED);
    assertThat(c.answer()).isNull();
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.durationSeconds()).isEqualTo(184);
  }

  @Test
  void valueContainingEquals_isMalformedWithThePairPosition() {
    String line = INVITE_200.replace("reason=OK", "reason=OK=yes");
    assertRejected(decode(line), RejectReason.MALFORMED,
        "kamailio-acc pair 7 (column " + column(line, "reason=") + "): value contains '='");
  }

  @Test
  void valueContainingSemicolon_isMalformedWithThePairPosition() {
    String line = INVITE_486.replace("reason=Busy Here", "reason=Busy;Here");
    assertRejected(decode(line), RejectReason.MALFORMED,
        "kamailio-acc pair 8 (column " + column(line, "Here;") + "): no '=' (a value may have contained ';')");
  }

  @Test
  void duplicateKey_isMalformedWithThePairPosition() {
    String line = INVITE_200 + ";code=200";
    assertRejected(decode(line), RejectReason.MALFORMED,
        "kamailio-acc pair 11 (column " + (line.lastIndexOf("code=") + 1) + "): duplicate key 'code'");
    String unknown = INVITE_200 + ";x_2025550143=1;x_2025550143=2";
    assertRejected(decode(unknown), RejectReason.MALFORMED,
        "kamailio-acc pair 12 (column " + (unknown.lastIndexOf("x_") + 1) + "): duplicate key");
  }

  @Test
  void missingCallId_isMissingField() {
    assertRejected(decode(INVITE_200.replace("call_id=5f3a9c1e7b2d4e8f@198.51.100.10;", "")),
        RejectReason.MISSING_FIELD, "kamailio-acc key 'call_id': missing");
    assertRejected(decode(CDR_LOCAL.replace("call_id=5f3a9c1e7b2d4e8f@198.51.100.10;", "")),
        RejectReason.MISSING_FIELD, "kamailio-acc key 'call_id': missing");
    assertRejected(decode(INVITE_200.replace("method=INVITE;", "")),
        RejectReason.MISSING_FIELD, "kamailio-acc key 'method': missing");
    assertRejected(decode(CDR_LOCAL.replace("end_time=2026-03-01 05:18:06.000;", "")),
        RejectReason.MISSING_FIELD, "kamailio-acc key 'end_time': missing");
  }

  @Test
  void badValues_areInvalidFieldWithThePairPosition() {
    String badTime = INVITE_200.replace("timestamp=1772357000", "timestamp=17723570x0");
    assertRejected(decode(badTime), RejectReason.INVALID_FIELD,
        "kamailio-acc pair 1 'timestamp' (column " + column(badTime, "timestamp=") + "): not a timestamp");
    String badCode = INVITE_200.replace("code=200", "code=2000");
    assertRejected(decode(badCode), RejectReason.INVALID_FIELD,
        "kamailio-acc pair 6 'code' (column " + column(badCode, "code=") + "): not a SIP status code");
    String badDuration = CDR_LOCAL.replace("duration=183.412", "duration=-183");
    assertRejected(decode(badDuration), RejectReason.INVALID_FIELD,
        "kamailio-acc pair 3 'duration' (column " + column(badDuration, "duration=") + "): not a number of seconds");
    String longUser = INVITE_200.replace("src_user=+12025550143", "src_user=" + "2".repeat(200));
    assertRejected(decode(longUser), RejectReason.INVALID_FIELD, "kamailio-acc pair 8 'src_user' (column "
        + column(longUser, "src_user=") + "): longer than 128 characters");
    String backwards = CDR_LOCAL.replace("end_time=2026-03-01 05:18:06.000", "end_time=2026-03-01 05:10:06");
    assertRejected(decode(backwards), RejectReason.INVALID_FIELD,
        "kamailio-acc pair 2 'end_time' (column " + column(backwards, "end_time=") + "): before 'start_time'");
  }

  @Test
  void otherLogLinesOfTheSyslogFeed_areSkippedAsNotARecord() {
    for (String line : List.of(
        "Dec  3 10:00:01 sip1 /usr/sbin/kamailio[1234]: INFO: <core> [core/tcp_main.c:4000]: "
            + "tcpconn_main_timeout(): connection closed\n",
        "Dec  3 10:00:02 sip1 /usr/sbin/kamailio[1234]: NOTICE: <script>: new request from 198.51.100.10\r\n",
        SYSLOG_PREFIX + "tm [t_reply.c:1200]: relay reply failed",
        "Dec  3 10:00:03 sip1 /usr/sbin/kamailio[1234]: NOTICE: acc [acc_mod.c:600]: acc module started")) {
      DecodeResult r = decode(line);
      assertThat(r.isOk()).as(line).isTrue();
      assertThat(r.skipped()).as(line).isEqualTo(SkipKind.NOT_A_RECORD);
      assertThat(r.records()).as(line).isEmpty();
      assertThat(r.reason()).as(line).isNull();
      assertThat(r.detail()).as(line).isNull();
      assertThat(r.droppedContentFields()).as(line).isZero();
    }
  }

  @Test
  void malformedAccLines_areStillRejected() {
    assertRejected(decode("ACC: transaction answered: "), RejectReason.MALFORMED,
        "kamailio-acc: no key=value pairs after 'ACC: ' (column 28)");
    String noSpace = SYSLOG_PREFIX + INVITE_200.replace("ACC: ", "ACC:");
    assertRejected(decode(noSpace), RejectReason.MALFORMED,
        "kamailio-acc: 'ACC:' at column " + column(noSpace, "ACC:") + " is not followed by a space");
    assertThat(column(noSpace, "ACC:")).isEqualTo(73);
    assertRejected(decode(SYSLOG_PREFIX + "ACC:\n"), RejectReason.MALFORMED,
        "kamailio-acc: 'ACC:' at column 73 is not followed by a space");
    String truncated = SYSLOG_PREFIX + "ACC: transaction answered: timestamp";
    assertRejected(decode(truncated), RejectReason.MALFORMED,
        "kamailio-acc pair 1 (column " + column(truncated, "timestamp") + "): no '=' (a value may have contained ';')");
    assertRejected(decode(SYSLOG_PREFIX + INVITE_200.replace(";call_id=", ";call_id")), RejectReason.MALFORMED,
        "kamailio-acc pair 5 (column " + column(SYSLOG_PREFIX + INVITE_200, "call_id") + "): no '=' (a value may have contained ';')");
  }

  @Test
  void emptyLines_areMalformed() {
    assertRejected(decoder.decode(new byte[0], us), RejectReason.MALFORMED, "kamailio-acc: empty line");
    assertRejected(decode("\r\n"), RejectReason.MALFORMED, "kamailio-acc: empty line");
  }

  @Test
  void standardRegistry_servesTheFormat() {
    assertThat(DecoderRegistry.standard().forName("kamailio-acc")).containsInstanceOf(KamailioAccDecoder.class);
  }
}
