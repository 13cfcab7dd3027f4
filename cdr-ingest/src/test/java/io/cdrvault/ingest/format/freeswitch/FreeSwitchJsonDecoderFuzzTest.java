package io.cdrvault.ingest.format.freeswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FreeSwitchJsonDecoderFuzzTest {
  private static final int MUTATIONS = 24_000;

  private final CdrDecoder decoder = FreeSwitchJsonDecoder.create();
  private final SourceContext ny = new SourceContext("fs-src", "US", ZoneId.of("America/New_York"));

  @Test
  @Timeout(30) // a hang guard: about 1-2 s on an idle machine, more on a loaded CI box
  void mutatedDocuments_neverThrow_andRejectsAlwaysCarryReasonAndDetail() {
    byte[] pretty = FreeSwitchJsonDecoderTest.example();
    String compactText = new String(pretty, StandardCharsets.UTF_8).replaceAll("\\n\\s*", "");
    byte[] compact = compactText.getBytes(StandardCharsets.UTF_8);
    byte[] form = ("cdr=" + URLEncoder.encode(compactText, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
    byte[][] valid = {pretty, compact, pretty, form};
    Cdr expected = FreeSwitchJsonDecoderTest.expectedExample();
    for (byte[] v : valid) {
      assertThat(decoder.decode(v, ny).records()).containsExactly(expected);
    }

    Random random = new Random(20260301L);
    LineMutator mutator = new LineMutator(random, ",:\"{}[]%+=&");
    Map<RejectReason, Integer> rejects = new EnumMap<>(RejectReason.class);
    int ok = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] original = valid[i % valid.length];
      byte[] mutated = mutator.mutate(original);
      DecodeResult r;
      try {
        r = decoder.decode(mutated, ny);
      } catch (Throwable t) {
        fail("mutation " + i + " escaped the decoder: " + t);
        return;
      }
      assertThat(r).as("mutation %d", i).isNotNull();
      if (r.reason() != null) {
        assertThat(r.detail()).as("mutation %d", i).isNotBlank().startsWith("freeswitch-json ");
        assertNoLongDigitRunsOf(r.detail());
        assertThat(r.records()).isEmpty();
        rejects.merge(r.reason(), 1, Integer::sum);
      } else {
        ok++;
        if (Arrays.equals(mutated, original)) {
          assertThat(r.records()).containsExactly(expected);
        }
      }
      if (i % 1000 == 0) { // the valid inputs still decode exactly, whatever came before
        for (byte[] v : valid) {
          assertThat(decoder.decode(v, ny).records()).containsExactly(expected);
        }
      }
    }
    // the fuzzing reached the parser, the field checks and the mapping
    assertThat(rejects).containsKeys(RejectReason.MALFORMED_JSON, RejectReason.INVALID_FIELD, RejectReason.MALFORMED);
    assertThat(ok).isPositive();
  }

  /** Runs of 8+ digits in the example: phone numbers, epochs, microsecond times. */
  private static final String[] LONG_RUNS = Arrays.stream(
      new String(FreeSwitchJsonDecoderTest.example(), StandardCharsets.UTF_8).split("[^0-9]+"))
      .filter(r -> r.length() >= 8).distinct().toArray(String[]::new);

  /** Details never echo input numbers. */
  private static void assertNoLongDigitRunsOf(String detail) {
    for (String run : LONG_RUNS) {
      if (detail.contains(run)) {
        fail("detail echoes an input number: " + detail);
      }
    }
  }
}
