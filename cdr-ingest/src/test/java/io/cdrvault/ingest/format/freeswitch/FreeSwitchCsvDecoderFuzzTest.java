package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FreeSwitchCsvDecoderFuzzTest {
  private static final int MUTATIONS = 30_000;
  private static final String UNANSWERED = FreeSwitchCsvDecoderTest.line("Lobby", "2025550143", "12025550177",
      "default", "2026-03-01 09:05:10", "", "2026-03-01 09:05:40", "30", "0", "USER_BUSY",
      "5b0f1c2d-0000-4000-8000-000000000001", "", "ACME-0042", "PCMU", "PCMU");

  private final CdrDecoder decoder = FreeSwitchCsvDecoder.create();

  private static Cdr expectedUnanswered() {
    return Cdr.builder()
        .origin("fs-csv-1").originId("5b0f1c2d-0000-4000-8000-000000000001").type(ServiceType.VOICE)
        .account("ACME-0042")
        .calling(PhoneNumber.e164("2025550143", "+12025550143"))
        .called(PhoneNumber.e164("12025550177", "+12025550177"))
        .start(Instant.parse("2026-03-01T14:05:10Z")).end(Instant.parse("2026-03-01T14:05:40Z"))
        .durationSeconds(30).billableSeconds(0)
        .disposition(Disposition.BUSY).cause("USER_BUSY").codec("PCMU")
        .build();
  }

  @Test
  @Timeout(30) // a hang guard: about 1-2 s on an idle machine, more on a loaded CI box
  void mutatedLines_neverThrow_andRejectsAlwaysCarryReasonAndDetail() {
    byte[][] valid = {
        FreeSwitchCsvDecoderTest.ANSWERED.getBytes(StandardCharsets.UTF_8),
        (UNANSWERED + "\r\n").getBytes(StandardCharsets.UTF_8)};
    Cdr[] expected = {FreeSwitchCsvDecoderTest.expectedAnswered(), expectedUnanswered()};
    for (int k = 0; k < valid.length; k++) {
      assertThat(decoder.decode(valid[k], FreeSwitchCsvDecoderTest.NY).records()).containsExactly(expected[k]);
    }

    Random random = new Random(20260308L);
    LineMutator mutator = new LineMutator(random, "\",:- \r\n");
    Map<RejectReason, Integer> rejects = new EnumMap<>(RejectReason.class);
    int ok = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      int k = i % valid.length;
      byte[] mutated = mutator.mutate(valid[k]);
      DecodeResult r;
      try {
        r = decoder.decode(mutated, FreeSwitchCsvDecoderTest.NY);
      } catch (Throwable t) {
        fail("mutation " + i + " escaped the decoder: " + t);
        return;
      }
      assertThat(r).as("mutation %d", i).isNotNull();
      if (r.reason() != null) {
        assertThat(r.detail()).as("mutation %d", i).isNotBlank().startsWith("freeswitch-csv ");
        assertNoLongDigitRuns(r.detail());
        assertThat(r.records()).isEmpty();
        rejects.merge(r.reason(), 1, Integer::sum);
      } else if (r.skipped() != null) {
        assertThat(r.skipped()).as("only a blank line is skipped").isEqualTo(SkipKind.NOT_A_RECORD);
        assertThat(new String(mutated, StandardCharsets.UTF_8)).isBlank();
      } else {
        ok++;
        assertThat(r.records()).hasSize(1);
        if (Arrays.equals(mutated, valid[k])) {
          assertThat(r.records()).containsExactly(expected[k]);
        }
      }
      if (i % 1000 == 0) {
        for (int j = 0; j < valid.length; j++) {
          assertThat(decoder.decode(valid[j], FreeSwitchCsvDecoderTest.NY).records()).containsExactly(expected[j]);
        }
      }
    }
    assertThat(rejects).containsKeys(RejectReason.MALFORMED, RejectReason.INVALID_FIELD);
    assertThat(ok).isPositive();
  }

  /** Runs of 8+ digits in the valid lines (phone numbers). */
  private static final String[] LONG_RUNS = Arrays.stream((FreeSwitchCsvDecoderTest.ANSWERED + UNANSWERED)
      .split("[^0-9]+")).filter(r -> r.length() >= 8).distinct().toArray(String[]::new);

  /** Details never echo input numbers. */
  private static void assertNoLongDigitRuns(String detail) {
    for (String run : LONG_RUNS) {
      if (detail.contains(run)) {
        fail("detail echoes an input number: " + detail);
      }
    }
  }
}
