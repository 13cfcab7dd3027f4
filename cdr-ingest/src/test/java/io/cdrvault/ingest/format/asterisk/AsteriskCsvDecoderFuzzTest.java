package io.cdrvault.ingest.format.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AsteriskCsvDecoderFuzzTest {
  private static final long SEED = 0x5eed_a57e_215cL;
  private static final int MUTATIONS = 25_000;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // the loop takes ~2 s; the guard catches a decoder that hangs
  void mutatedLines_neverThrow_rejectWithReasonAndDetail_andValidLinesStayExact() {
    AsteriskCsvDecoder decoder = AsteriskCsvDecoder.create();
    SourceContext source = AsteriskCsvDecoderTest.PBX;
    List<byte[]> valid = new ArrayList<>();
    for (String l : AsteriskCsvDecoderTest.exampleLines()) {
      valid.add(l.getBytes(StandardCharsets.UTF_8));
    }
    valid.add(AsteriskCsvDecoderTest.BASE16.getBytes(StandardCharsets.UTF_8));
    valid.add(AsteriskCsvDecoderTest.LINKED21_SEQ1.getBytes(StandardCharsets.UTF_8));
    valid.add(AsteriskCsvDecoderTest.LINKED21_SEQ2.getBytes(StandardCharsets.UTF_8));
    List<DecodeResult> expected = new ArrayList<>();
    for (byte[] v : valid) {
      DecodeResult r = decoder.decode(v, source);
      assertThat(r.isOk()).isTrue();
      assertThat(r.records()).hasSize(1);
      expected.add(r);
    }

    Random random = new Random(SEED);
    LineMutator mutator = new LineMutator(random, ",\"");
    Map<RejectReason, Integer> rejects =
        new EnumMap<>(RejectReason.class);
    int accepted = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutated = mutator.mutate(valid.get(random.nextInt(valid.size())));
      DecodeResult r;
      try {
        r = decoder.decode(mutated, source);
      } catch (Throwable t) {
        throw new AssertionError("mutation " + i + " escaped decode()", t);
      }
      if (r.skipped() != null) {
        assertThat(r.skipped()).as("only a blank line is skipped").isEqualTo(SkipKind.NOT_A_RECORD);
        assertThat(new String(mutated, StandardCharsets.UTF_8)).isBlank();
      } else if (r.isOk()) {
        assertThat(r.records()).hasSize(1);
        accepted++;
      } else {
        assertThat(r.reason()).isNotNull();
        assertThat(r.detail()).isNotBlank().startsWith("asterisk-csv");
        if (LineMutator.hasDigitRun(r.detail(), 6)) {
          fail("mutation %d: reject detail may echo a number: %s", i, r.detail());
        }
        rejects.merge(r.reason(), 1, Integer::sum);
      }
      if (i % 50 == 0) {
        for (int v = 0; v < valid.size(); v++) {
          assertThat(decoder.decode(valid.get(v), source)).isEqualTo(expected.get(v));
        }
      }
    }
    for (int v = 0; v < valid.size(); v++) {
      assertThat(decoder.decode(valid.get(v), source)).isEqualTo(expected.get(v));
    }
    assertThat(rejects.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(MUTATIONS / 2);
    assertThat(rejects).containsKeys(RejectReason.MALFORMED,
        RejectReason.INVALID_FIELD, RejectReason.MISSING_FIELD);
    assertThat(accepted).isPositive();
  }
}
