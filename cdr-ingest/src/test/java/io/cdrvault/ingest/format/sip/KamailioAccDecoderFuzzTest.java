package io.cdrvault.ingest.format.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded mutations of valid kamailio-acc lines: the decoder never throws and explains every reject. */
class KamailioAccDecoderFuzzTest {
  private static final int MUTATIONS = 20_000;

  private final CdrDecoder decoder = KamailioAccDecoder.create();
  private final SourceContext us = new SourceContext("kam1", "US", ZoneId.of("America/New_York"));

  /** A valid line and what it must decode to (null record = skipped as not a record). */
  private record Case(String line, Cdr expected) {}

  private static List<Case> cases() {
    Instant t1 = Instant.ofEpochSecond(1772357000);
    Instant t2 = Instant.ofEpochSecond(1772358000);
    Instant t3 = Instant.ofEpochSecond(1772357300);
    return List.of(
        new Case(KamailioAccDecoderTest.SYSLOG_PREFIX + KamailioAccDecoderTest.INVITE_200, Cdr.builder()
            .origin("kam1").originId("5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1;INVITE")
            .type(ServiceType.VOICE).start(t1).answer(t1).end(t1).disposition(Disposition.ANSWERED)
            .calling(PhoneNumber.e164("+12025550143", "+12025550143"))
            .called(PhoneNumber.e164("+33170189932", "+33170189932"))
            .causeCode(200).cause("200 OK").sourceIp("198.51.100.10").build()),
        new Case(KamailioAccDecoderTest.INVITE_486, Cdr.builder()
            .origin("kam1").originId("0b8e44d2a1@198.51.100.11;c11e07aa;;INVITE")
            .type(ServiceType.VOICE).start(t2).end(t2).disposition(Disposition.BUSY)
            .calling(PhoneNumber.e164("2025550188", "+12025550188"))
            .called(PhoneNumber.e164("2025550143", "+12025550143"))
            .causeCode(486).cause("486 Busy Here").sourceIp("198.51.100.11").build()),
        new Case(KamailioAccDecoderTest.MESSAGE_202, Cdr.builder()
            .origin("kam1").originId("m-9911@198.51.100.12;77aa01;;MESSAGE")
            .type(ServiceType.SMS).start(t3).end(t3).smsSegments(1).deliveryStatus(DeliveryStatus.SUBMITTED)
            .calling(PhoneNumber.e164("2025550188", "+12025550188"))
            .called(PhoneNumber.e164("+12025550143", "+12025550143"))
            .causeCode(202).cause("202 Accepted").sourceIp("198.51.100.12").build()),
        new Case(KamailioAccDecoderTest.CDR_LOCAL, Cdr.builder()
            .origin("kam1").originId("5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1")
            .type(ServiceType.VOICE).start(Instant.parse("2026-03-01T10:15:02.588Z"))
            .answer(Instant.parse("2026-03-01T10:15:02.588Z")).end(Instant.parse("2026-03-01T10:18:06Z"))
            .durationSeconds(184).billableSeconds(184).disposition(Disposition.ANSWERED)
            .calling(PhoneNumber.e164("2025550188", "+12025550188"))
            .called(PhoneNumber.e164("+33170189932", "+33170189932"))
            .sourceIp("198.51.100.10").build()),
        new Case(KamailioAccDecoderTest.BYE, null));
  }

  private void assertValidLinesDecodeExactly(List<Case> cases) {
    for (Case c : cases) {
      DecodeResult r = decoder.decode(c.line().getBytes(StandardCharsets.UTF_8), us);
      assertThat(r.isOk()).as("valid line rejected: %s", r.detail()).isTrue();
      if (c.expected() == null) {
        assertThat(r.skipped()).isEqualTo(SkipKind.NOT_A_RECORD);
      } else {
        assertThat(r.records()).containsExactly(c.expected());
        assertThat(r.droppedContentFields()).isZero();
      }
    }
  }

  @Test
  void mutatedLines_neverThrow_andEveryRejectHasAReasonAndADetailWithoutNumbers() {
    List<Case> cases = cases();
    assertValidLinesDecodeExactly(cases);
    Random random = new Random(0x4b414d31L);
    LineMutator mutator = new LineMutator(random, ";=: ");
    int rejected = 0;
    int decoded = 0;
    int skipped = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      Case base = cases.get(random.nextInt(cases.size()));
      byte[] mutated = mutator.mutate(base.line().getBytes(StandardCharsets.UTF_8));
      DecodeResult r = null;
      try {
        r = decoder.decode(mutated, us);
      } catch (Throwable t) {
        fail("decode threw " + t.getClass().getName() + " on mutation " + i);
      }
      assertThat(r).isNotNull();
      if (!r.isOk()) {
        rejected++;
        assertThat(r.reason()).isNotNull();
        assertThat(r.detail()).isNotBlank().startsWith("kamailio-acc");
        assertThat(r.records()).isEmpty();
        for (String digits : KamailioAccDecoderTest.NUMBER_DIGITS) {
          assertThat(r.detail()).doesNotContain(digits);
        }
      } else if (r.skipped() != null) {
        skipped++;
      } else {
        decoded++;
        assertThat(r.records()).hasSize(1);
      }
      if (i % 4_000 == 0) {
        assertValidLinesDecodeExactly(cases);
      }
    }
    assertValidLinesDecodeExactly(cases);
    assertThat(rejected + decoded + skipped).isEqualTo(MUTATIONS);
    // the mutations reach both the reject paths and the mapping
    assertThat(rejected).isGreaterThan(MUTATIONS / 5);
    assertThat(decoded).isGreaterThan(MUTATIONS / 20);
  }
}
