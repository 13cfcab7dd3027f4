package io.cdrvault.ingest.format.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded mutations of valid opensips-json events: the decoder never throws and explains every reject. */
class OpenSipsJsonDecoderFuzzTest {
  private static final int MUTATIONS = 20_000;

  private final CdrDecoder decoder = OpenSipsJsonDecoder.create();
  private final SourceContext us = new SourceContext("opensips1", "US", ZoneId.of("America/New_York"));

  private record Case(String json, Cdr expected) {}

  private static List<Case> cases() throws IOException {
    List<String> lines;
    try (InputStream in = OpenSipsJsonDecoderFuzzTest.class.getResourceAsStream("/formats/opensips-e_acc_cdr.json")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
    String missed = "{\"jsonrpc\":\"2.0\",\"method\":\"E_ACC_MISSED_EVENT\",\"params\":{\"method\":\"INVITE\","
        + "\"from_tag\":\"f1\",\"to_tag\":\"\",\"callid\":\"abc@host\",\"sip_code\":\"487\","
        + "\"sip_reason\":\"Request Terminated\",\"time\":\"1772358000\",\"created\":1772357990,"
        + "\"src_user\":\"1001\",\"dst_user\":\"2025550188\"}}";
    return List.of(
        new Case(lines.get(0), Cdr.builder().origin("opensips1")
            .originId("5f3a9c1e7b2d4e8f@198.51.100.10;a94c3e1b;as58f4a2c1").type(ServiceType.VOICE)
            .start(Instant.ofEpochSecond(1772356996)).answer(Instant.ofEpochSecond(1772357000))
            .end(Instant.ofEpochSecond(1772357183)).durationSeconds(187).billableSeconds(183)
            .disposition(Disposition.ANSWERED).causeCode(200).cause("200 OK")
            .calling(PhoneNumber.e164("+12025550143", "+12025550143"))
            .called(PhoneNumber.e164("+33170189932", "+33170189932")).sourceIp("198.51.100.10").build()),
        new Case(lines.get(1), Cdr.builder().origin("opensips1").originId("0b8e44d2a1@198.51.100.11;c11e07aa;")
            .type(ServiceType.VOICE).start(Instant.ofEpochSecond(1772357997)).end(Instant.ofEpochSecond(1772358000))
            .durationSeconds(3).disposition(Disposition.BUSY).causeCode(486).cause("486 Busy Here")
            .calling(PhoneNumber.e164("2025550188", "+12025550188"))
            .called(PhoneNumber.e164("2025550143", "+12025550143")).sourceIp("198.51.100.11").build()),
        new Case(missed, Cdr.builder().origin("opensips1").originId("abc@host;f1;").type(ServiceType.VOICE)
            .start(Instant.ofEpochSecond(1772357990)).end(Instant.ofEpochSecond(1772358000)).durationSeconds(10)
            .disposition(Disposition.CANCELLED).causeCode(487).cause("487 Request Terminated")
            .calling(PhoneNumber.other("1001", NumberKind.EXTENSION))
            .called(PhoneNumber.e164("2025550188", "+12025550188")).build()));
  }

  private void assertValidEventsDecodeExactly(List<Case> cases) {
    for (Case c : cases) {
      DecodeResult r = decoder.decode(c.json().getBytes(StandardCharsets.UTF_8), us);
      assertThat(r.isOk()).as("valid event rejected: %s", r.detail()).isTrue();
      assertThat(r.records()).containsExactly(c.expected());
      assertThat(r.droppedContentFields()).isZero();
    }
  }

  @Test
  void mutatedEvents_neverThrow_andEveryRejectHasAReasonAndADetailWithoutNumbers() throws IOException {
    List<Case> cases = cases();
    assertValidEventsDecodeExactly(cases);
    Random random = new Random(0x4f505331L);
    LineMutator mutator = new LineMutator(random, ",:\"{}[]");
    int rejected = 0;
    int decoded = 0;
    int skipped = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      Case base = cases.get(random.nextInt(cases.size()));
      byte[] mutated = mutator.mutate(base.json().getBytes(StandardCharsets.UTF_8));
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
        assertThat(r.detail()).isNotBlank().startsWith("opensips-json");
        assertThat(r.records()).isEmpty();
        for (String digits : OpenSipsJsonDecoderTest.NUMBER_DIGITS) {
          assertThat(r.detail()).doesNotContain(digits);
        }
      } else if (r.skipped() != null) {
        skipped++;
      } else {
        decoded++;
        assertThat(r.records()).hasSize(1);
      }
      if (i % 4_000 == 0) {
        assertValidEventsDecodeExactly(cases);
      }
    }
    assertValidEventsDecodeExactly(cases);
    assertThat(rejected + decoded + skipped).isEqualTo(MUTATIONS);
    assertThat(rejected).isGreaterThan(MUTATIONS / 5);
    assertThat(decoded).isGreaterThan(MUTATIONS / 50);
  }
}
