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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Parties, numbers and times as OpenSIPS raises {@code E_ACC_CDR} / {@code E_ACC_EVENT}
 * (docs/formats/parties-and-times.md). Shape: OpenSIPS/opensips {@code modules/acc} event params
 * {@code method, from_tag, to_tag, callid, sip_code, sip_reason, time}, the configured extras
 * ({@code extra_fields "evi: src_user->$fU; dst_user->$rU; src_ip->$si"}), then for CDRs
 * {@code duration, ms_duration, setuptime, created} — all times epoch seconds.
 */
class OpenSipsJsonSwitchPartiesAndTimesTest {
  private static final SourceContext NL = new SourceContext("osips-nl", "NL", ZoneId.of("Europe/Amsterdam"));
  private static final SourceContext US = new SourceContext("osips-us", "US", ZoneId.of("America/New_York"));

  private final OpenSipsJsonDecoder decoder = OpenSipsJsonDecoder.create();

  private static String cdr(String callid, String src, String dst, long created, long time, long duration) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"E_ACC_CDR\",\"params\":{\"method\":\"INVITE\",\"from_tag\":\"ft7a\","
        + "\"to_tag\":\"tt9b\",\"callid\":\"" + callid + "\",\"sip_code\":\"200\",\"sip_reason\":\"OK\",\"time\":" + time
        + ",\"src_user\":\"" + src + "\",\"dst_user\":\"" + dst + "\",\"src_ip\":\"198.51.100.10\",\"duration\":"
        + duration + ",\"ms_duration\":" + duration * 1000 + ",\"setuptime\":" + (time - created) + ",\"created\":"
        + created + "}}";
  }

  private static String event(String sipMethod, String callid, String code, String reason) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"E_ACC_EVENT\",\"params\":{\"method\":\"" + sipMethod + "\","
        + "\"from_tag\":\"ft7a\",\"to_tag\":\"tt9b\",\"callid\":\"" + callid + "\",\"sip_code\":\"" + code + "\","
        + "\"sip_reason\":\"" + reason + "\",\"time\":1772355900,\"src_user\":\"1002\",\"dst_user\":\"1001\","
        + "\"src_ip\":\"198.51.100.12\"}}";
  }

  private DecodeResult decode(String json, SourceContext source) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), source);
  }

  private Cdr single(String json, SourceContext source) {
    return DecodedOnce.single(decoder, json, source);
  }

  @Test
  void nlSource_00PrefixAndBareCountryCode_areE164() {
    Cdr c = single(cdr("n1@198.51.100.10", "0031201234567", "31612345678", 1772355595, 1772355600, 60), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("0031201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("31612345678", "+31612345678"));
  }

  @Test
  void usSource_011And00AndBareCountryCode_areE164() {
    Cdr c = single(cdr("u1@198.51.100.10", "01131201234567", "0031612345678", 1772355595, 1772355600, 60), US);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("01131201234567", "+31201234567"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("0031612345678", "+31612345678"));
    Cdr bare = single(cdr("u2@198.51.100.10", "12025550143", "4915112345678", 1772355595, 1772355600, 60), US);
    assertThat(bare.calling()).isEqualTo(PhoneNumber.e164("12025550143", "+12025550143"));
    assertThat(bare.called()).isEqualTo(PhoneNumber.e164("4915112345678", "+4915112345678"));
  }

  @Test
  void extensionAndSipUserName_areKeptRawAsExtensions_andTheCallIsDecoded() {
    Cdr c = single(cdr("e1@198.51.100.10", "1001", "alice", 1772355595, 1772355600, 60), NL);
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.called()).isEqualTo(PhoneNumber.other("alice", NumberKind.EXTENSION));
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.billableSeconds()).isEqualTo(60);
    Cdr uri = single(cdr("e2@198.51.100.10", "anonymous", "sip:alice@pbx.example.com", 1772355595, 1772355600, 60),
        US);
    assertThat(uri.calling()).isEqualTo(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS));
    assertThat(uri.called()).isEqualTo(PhoneNumber.other("sip:alice@pbx.example.com", NumberKind.EXTENSION));
  }

  @Test
  void epochTimes_spanningSpringForward_areExactInAnyZone() {
    // INVITE 01:49:55 CET, answered 01:50:00 CET, BYE 03:10:00 CEST on 2026-03-29
    String json = cdr("d1@198.51.100.10", "31201234567", "1001", 1774745395, 1774745400, 1200);
    for (SourceContext source : new SourceContext[] {NL, US}) {
      Cdr c = single(json, source);
      assertThat(c.start()).isEqualTo(Instant.parse("2026-03-29T00:49:55Z"));
      assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-29T00:50:00Z"));
      assertThat(c.end()).isEqualTo(Instant.parse("2026-03-29T01:10:00Z"));
      assertThat(c.durationSeconds()).isEqualTo(1205);
      assertThat(c.billableSeconds()).isEqualTo(1200);
    }
  }

  @Test
  void epochTimes_inTheAutumnOverlap_areNotAmbiguous() {
    // answered at the second 02:30 (CET, 01:30Z), which a local stamp could not tell from the first
    Cdr c = single(cdr("o1@198.51.100.10", "1001", "1002", 1792891795, 1792891800, 600), NL);
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
    assertThat(c.end()).isEqualTo(Instant.parse("2026-10-25T01:40:00Z"));
  }

  @Test
  void holdInsideAnsweredCall_isAnEventNotACdr_andTheCdrBillsTheHeldTime() {
    DecodeResult reInvite = decode(event("INVITE", "h1@198.51.100.10", "200", "OK"), NL);
    assertThat(reInvite.isOk()).isTrue();
    assertThat(reInvite.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
    Cdr c = single(cdr("h1@198.51.100.10", "1001", "1002", 1772355595, 1772355600, 1200), NL);
    assertThat(c.billableSeconds()).as("duration runs from 200 OK to BYE, hold included").isEqualTo(1200);
  }

  @Test
  void transferByRefer_isAnEventNotACdr_andTheTransferredCallIsItsOwnCdr() {
    DecodeResult refer = decode(event("REFER", "t1@198.51.100.10", "202", "Accepted"), NL);
    assertThat(refer.isOk()).isTrue();
    assertThat(refer.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
    Cdr original = single(cdr("t1@198.51.100.10", "0031201234567", "1002", 1772355595, 1772355600, 300), NL);
    Cdr transferred = single(cdr("t2@198.51.100.12", "0031201234567", "1003", 1772355900, 1772355905, 900), NL);
    assertThat(original.billableSeconds()).isEqualTo(300);
    assertThat(original.end()).isEqualTo(Instant.parse("2026-03-01T09:05:00Z"));
    assertThat(transferred.billableSeconds()).isEqualTo(900);
    assertThat(transferred.id()).isNotEqualTo(original.id());
  }
}
