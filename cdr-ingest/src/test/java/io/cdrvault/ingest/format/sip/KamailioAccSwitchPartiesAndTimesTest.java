package io.cdrvault.ingest.format.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.DecodedOnce;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Parties, numbers and local times as Kamailio's {@code acc} module writes them to syslog
 * (docs/formats/parties-and-times.md). Shapes follow kamailio/kamailio {@code src/modules/acc/acc.c}
 * ({@code acc_log_request}: {@code ACC: transaction answered: timestamp=…;method=…;from_tag=…}) and
 * {@code acc_cdr.c} ({@code log_write_cdr}: no tag, {@code start_time=<sec.usec>; end_time=…;
 * duration=…; <cdr_extra>}); the parties are {@code log_extra}/{@code cdr_extra} of the user parts
 * {@code src_user=$fU;dst_user=$rU}.
 */
class KamailioAccSwitchPartiesAndTimesTest {
  private static final SourceContext NL = new SourceContext("sip-nl", "NL", ZoneId.of("Europe/Amsterdam"));
  private static final SourceContext US = new SourceContext("sip-us", "US", ZoneId.of("America/New_York"));
  private static final String TX_PREFIX =
      "Mar  1 10:00:00 sip1 /usr/sbin/kamailio[2412]: NOTICE: acc [acc.c:285]: ACC: transaction answered: ";
  private static final String CDR_PREFIX =
      "Mar 29 03:10:00 sip1 /usr/sbin/kamailio[2412]: NOTICE: acc [acc_cdr.c:371]: ";

  private final KamailioAccDecoder decoder = KamailioAccDecoder.create();

  private static String invite(String method, String callId, String src, String dst) {
    return TX_PREFIX + "timestamp=1772355600;method=" + method + ";from_tag=ft7a;to_tag=tt9b;call_id=" + callId
        + ";code=200;reason=OK;src_user=" + src + ";dst_user=" + dst + ";src_ip=198.51.100.10";
  }

  /** A dialog CDR exactly as acc_cdr.c logs it: "; " separators, sec.usec times, cdr_extra after the core. */
  private static String dialogCdr(String start, String end, String duration, String callId, String src, String dst) {
    return CDR_PREFIX + "start_time=" + start + "; end_time=" + end + "; duration=" + duration + "; call_id=" + callId
        + "; from_tag=ft7a; to_tag=tt9b; src_user=" + src + "; dst_user=" + dst + "; src_ip=198.51.100.10";
  }

  private Cdr single(String line, SourceContext source) {
    return DecodedOnce.single(decoder, line, source);
  }

  @Test
  void nlSource_00PrefixAndBareCountryCode_areE164() {
    Cdr c = single(invite("INVITE", "n1@198.51.100.10", "0031201234567", "31612345678"), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void usSource_011And00AndBareCountryCode_areE164() {
    Cdr c = single(invite("INVITE", "u1@198.51.100.10", "01131201234567", "0031612345678"), US);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("01131201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("0031612345678", "+31612345678"));
    Cdr bare = single(invite("INVITE", "u2@198.51.100.10", "12025550143", "31612345678"), US);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
    assertThat(bare.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void extensionAndSipUserName_areKeptRawAsExtensions_andTheCallIsDecoded() {
    Cdr c = single(invite("INVITE", "e1@198.51.100.10", "1001", "alice"), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("alice", NumberKind.EXTENSION));
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    // an operator who logs the whole URI ($ru) instead of the user part
    Cdr uri = single(invite("INVITE", "e2@198.51.100.10", "anonymous", "sip:alice@pbx.example.com"), US);
    assertThat(uri.calling()).isEqualTo(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS));
    assertThat(uri.called()).isEqualTo(PhoneNumber.other("sip:alice@pbx.example.com", NumberKind.EXTENSION));
  }

  @Test
  void messageFromAnSmsGatewaysNamedSender_staysAlphanumeric() {
    Cdr sms = single(invite("MESSAGE", "m1@198.51.100.10", "ACMEBANK", "31612345678"), NL);
    assertThat(sms.type()).isEqualTo(ServiceType.SMS);
    assertThat(sms.calling()).isEqualTo(PhoneNumber.other("ACMEBANK", NumberKind.ALPHANUMERIC));
    assertThat(sms.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void dialogCdrAsAccCdrWritesIt_spanningSpringForward_hasExactInstants() {
    // 01:50 CET to 03:10 CEST on 2026-03-29: 20 minutes and half a second, whatever the zone
    Cdr c = single(dialogCdr("1774745400.250000", "1774746600.750000", "1200.500000", "d1@198.51.100.10",
        "0031201234567", "1001"), NL);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-29T00:50:00.250Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-29T01:10:00.750Z"));
    assertThat(c.answer()).isEqualTo(c.start());
    assertThat(c.durationSeconds()).isEqualTo(1201);
    assertThat(c.billableSeconds()).isEqualTo(1201);
    assertThat(c.originId()).isEqualTo("d1@198.51.100.10;ft7a;tt9b");
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
  }

  @Test
  void localStamps_inTheSpringGap_moveForward_andInTheAutumnOverlap_takeTheFirstPass() {
    Cdr gap = single(TX_PREFIX.replace("ACC: transaction answered: ", "ACC: CDR: ")
        + "start_time=2026-03-29 02:30:00.000;end_time=2026-03-29 03:40:00.000;duration=600.000;"
        + "call_id=g1;from_tag=ft;src_user=1001;dst_user=1002", NL);
    assertThat(gap.start()).as("02:30 does not exist: read as 03:30 CEST").isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(gap.end()).isEqualTo(Instant.parse("2026-03-29T01:40:00Z"));
    Cdr overlap = single(TX_PREFIX.replace("ACC: transaction answered: ", "ACC: CDR: ")
        + "start_time=2026-10-25 02:30:00.000;end_time=2026-10-25 02:40:00.000;duration=600.000;"
        + "call_id=o1;from_tag=ft;src_user=1001;dst_user=1002", NL);
    assertThat(overlap.start()).as("first 02:30, CEST").isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(overlap.end()).isEqualTo(Instant.parse("2026-10-25T00:40:00Z"));
  }

  @Test
  void localStamps_spanningTheAutumnChange_endAfterTheStart() {
    // 02:50 (first pass, CEST) to 02:10 (second pass, CET): 20 minutes, not minus 40
    Cdr c = single(TX_PREFIX.replace("ACC: transaction answered: ", "ACC: CDR: ")
        + "start_time=2026-10-25 02:50:00.000;end_time=2026-10-25 02:10:00.000;duration=1200.000;"
        + "call_id=a1;from_tag=ft;src_user=1001;dst_user=1002", NL);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-10-25T00:50:00Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-10-25T01:10:00Z"));
    assertThat(c.durationSeconds()).isEqualTo(1200);
    assertThat(c.billableSeconds()).isEqualTo(1200);
  }

  @Test
  void holdInsideAnsweredDialog_isOneCdr_billingTheHeldTime() {
    // hold/unhold are re-INVITEs inside the dialog: the dialog still ends in one CDR, from start to BYE
    Cdr c = single(dialogCdr("1772355600.000000", "1772356800.000000", "1200.000000", "h1@198.51.100.10",
        "31201234567", "31612345678"), NL);
    assertThat(c.durationSeconds()).isEqualTo(1200);
    assertThat(c.billableSeconds()).isEqualTo(1200);
    // with per-transaction accounting the re-INVITE has the dialog's tags: same id, so it replaces
    // the initial INVITE's record instead of adding a second call
    Cdr first = single(invite("INVITE", "h2@198.51.100.10", "1001", "1002"), NL);
    Cdr reInvite = single(invite("INVITE", "h2@198.51.100.10", "1001", "1002").replace("1772355600", "1772355900"), NL);
    assertThat(reInvite.id()).isEqualTo(first.id());
    assertThat(reInvite.billableSeconds()).isZero();
  }

  @Test
  void transferByRefer_isNotARecord_andTheTransferredCallIsItsOwnCdr() {
    DecodeResult refer = decoder.decode(invite("REFER", "t1@198.51.100.10", "1002", "1001")
        .replace("code=200;reason=OK", "code=202;reason=Accepted").getBytes(StandardCharsets.UTF_8), NL);
    assertThat(refer.isOk()).isTrue();
    assertThat(refer.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
    Cdr original = single(dialogCdr("1772355600.000000", "1772355900.000000", "300.000000", "t1@198.51.100.10",
        "0031201234567", "1002"), NL);
    Cdr transferred = single(dialogCdr("1772355900.000000", "1772356800.000000", "900.000000", "t2@198.51.100.11",
        "0031201234567", "1003"), NL);
    assertThat(original.billableSeconds()).isEqualTo(300);
    assertThat(transferred.billableSeconds()).isEqualTo(900);
    assertThat(transferred.id()).isNotEqualTo(original.id());
  }

  @Test
  void otherLogLinesMentioningStartTime_areStillSkipped() {
    for (String line : new String[] {
        "Mar  1 10:00:00 sip1 /usr/sbin/kamailio[2412]: INFO: <script>: dlg_start_time=1772355600",
        "Mar  1 10:00:00 sip1 /usr/sbin/kamailio[2412]: INFO: <script>: call c1 start_time=1772355600"}) {
      DecodeResult r = decoder.decode(line.getBytes(StandardCharsets.UTF_8), NL);
      assertThat(r.isOk()).as(line).isTrue();
      assertThat(r.skipped()).as(line).isEqualTo(SkipKind.NOT_A_RECORD);
    }
  }
}
