package io.cdrvault.ingest.format.kannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.RejectReason;
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

class KannelLogDecoderFuzzTest {
  private static final long SEED = 0x5eed_ca11_e1L;
  private static final int MUTATIONS = 25_000;

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS) // the loop takes ~2 s; the guard catches a decoder that hangs
  void mutatedLines_neverThrow_rejectWithReasonAndDetail_andValidLinesStayExact() {
    KannelLogDecoder decoder = KannelLogDecoder.create();
    SourceContext source = KannelLogDecoderTest.SMSC;
    List<String> lines = new ArrayList<>(KannelLogDecoderTest.exampleLines());
    lines.add(KannelLogDecoderTest.sent("-1:2:-1:0:19", "x] [udh:0:]".repeat(30)));
    lines.add(KannelLogDecoderTest.line("EXPIRED SMS", "ACMEBANK", "12025550143", "-1:1:-1:0:0", "", "0:"));
    lines.add(KannelLogDecoderTest.line("Sent SMS", "+12025550143", "447400123456", "0:0:0:0:31", "é]".repeat(90),
        "6:050003CC0201"));
    List<byte[]> valid = new ArrayList<>();
    List<DecodeResult> expected = new ArrayList<>();
    int records = 0;
    for (String l : lines) {
      byte[] v = l.getBytes(StandardCharsets.UTF_8);
      DecodeResult r = decoder.decode(v, source);
      assertThat(r.isOk()).isTrue();
      records += r.records().size();
      valid.add(v);
      expected.add(r);
    }
    assertThat(records).as("SMS lines among the valid ones").isEqualTo(6);

    Random random = new Random(SEED);
    LineMutator mutator = new LineMutator(random, "[]: ");
    Map<RejectReason, Integer> rejects = new EnumMap<>(RejectReason.class);
    int accepted = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] mutated = mutator.mutate(valid.get(random.nextInt(valid.size())));
      DecodeResult r;
      try {
        r = decoder.decode(mutated, source);
      } catch (Throwable t) {
        throw new AssertionError("mutation " + i + " escaped decode()", t);
      }
      if (r.isOk()) {
        if (r.skipped() == null) {
          assertThat(r.records()).hasSize(1);
          assertThat(r.droppedContentFields()).isEqualTo(1);
        } else {
          assertThat(r.records()).isEmpty();
        }
        accepted++;
      } else {
        assertThat(r.reason()).isNotNull();
        assertThat(r.detail()).isNotBlank().startsWith("kannel-log");
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
    assertThat(rejects.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(MUTATIONS / 3);
    assertThat(rejects).containsKeys(RejectReason.MALFORMED, RejectReason.INVALID_FIELD);
    assertThat(accepted).isPositive();
  }
}
