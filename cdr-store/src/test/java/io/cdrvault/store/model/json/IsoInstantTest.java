package io.cdrvault.store.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IsoInstant#format} against {@link Instant#toString()}. */
class IsoInstantTest {

  @Test
  void formatsEveryInstantAsInstantToStringDoes() {
    SplittableRandom rnd = new SplittableRandom(17);
    long min = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    int[] nanoShapes = {0, 1, 999_999_999, 123_000_000, 123_456_000, 123_456_789, 1_000, 1_000_000};
    for (int i = 0; i < 200_000; i++) {
      long s = rnd.nextLong(min, max);
      int nano = i % 4 == 0 ? nanoShapes[rnd.nextInt(nanoShapes.length)]
          : i % 4 == 1 ? rnd.nextInt(1_000) * 1_000_000 : i % 4 == 2 ? rnd.nextInt(1_000_000_000) : 0;
      Instant t = Instant.ofEpochSecond(s, nano);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void edges() {
    for (String s : List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.5Z", "2024-02-29T12:00:00.010Z",
        "2026-03-29T01:00:00Z")) {
      Instant t = Instant.parse(s);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
    assertThat(IsoInstant.format(Instant.parse("2026-03-01T08:00:05.120Z"))).isEqualTo("2026-03-01T08:00:05.120Z");
  }
}
