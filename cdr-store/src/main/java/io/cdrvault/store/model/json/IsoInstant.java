package io.cdrvault.store.model.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} (ISO-8601, UTC, {@code 2026-03-01T08:00:05Z}, a fraction of 3, 6 or 9
 * digits when there is one), written without {@code DateTimeFormatter}: three timestamps per
 * record made the JDK's formatter almost half of an NDJSON read's JSON time (BENCHMARKS.md §9).
 * Years outside 0000..9999 go to {@code Instant.toString()} itself. {@code IsoInstantTest} compares
 * the two over random instants.
 *
 * <p>Stateless and thread-safe.
 */
final class IsoInstant {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long MIN = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
  private static final long MAX = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * SECONDS_PER_DAY;

  private IsoInstant() {}

  static String format(Instant t) {
    long s = t.getEpochSecond();
    if (s < MIN || s >= MAX) {
      return t.toString();
    }
    long day = Math.floorDiv(s, SECONDS_PER_DAY);
    int secOfDay = (int) Math.floorMod(s, SECONDS_PER_DAY);
    LocalDate d = LocalDate.ofEpochDay(day);
    int nano = t.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    char[] c = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
    digits(c, 0, d.getYear(), 4);
    c[4] = '-';
    digits(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, secOfDay / 3600, 2);
    c[13] = ':';
    digits(c, 14, secOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secOfDay % 60, 2);
    int i = 19;
    if (fraction > 0) {
      c[i++] = '.';
      int value = fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano;
      digits(c, i, value, fraction);
      i += fraction;
    }
    c[i] = 'Z';
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
