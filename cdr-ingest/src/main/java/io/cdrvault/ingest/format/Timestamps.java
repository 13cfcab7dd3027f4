package io.cdrvault.ingest.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Parsing of the timestamp forms switches write, without regular expressions (hot path). Every
 * method throws {@link DecodeFailure} naming {@code field} (never the value) when the text is not
 * a timestamp. Stateless and thread-safe.
 */
public final class Timestamps {
  private Timestamps() {}

  /**
   * {@code YYYY-MM-DD HH:MM:SS} with an optional fraction ({@code .mmm}, up to nanoseconds) and an
   * optional {@code T} instead of the space, as local time in {@code zone}. Switches write no offset,
   * so two cases need a rule (docs/formats/parties-and-times.md):
   * <ul>
   *   <li>a time in a DST gap (spring forward: {@code 2026-03-29 02:30} in {@code Europe/Amsterdam},
   *       which no clock showed) is moved forward by the length of the gap ({@code 03:30+02:00});
   *   <li>a time in a DST overlap (autumn: {@code 2026-10-25 02:30}, shown twice) takes the earlier
   *       offset, i.e. the first pass ({@code 02:30+02:00}); see {@link #localNotBefore} for a time
   *       that must not lie before another one.
   * </ul>
   */
  public static Instant local(CharSequence s, ZoneId zone, String field) {
    LocalDateTime t = localDateTime(s, field);
    if (zone == ZoneOffset.UTC) {
      return t.toInstant(ZoneOffset.UTC);
    }
    return t.atZone(zone).toInstant();
  }

  /**
   * As {@link #local}, for a time that cannot lie before {@code notBefore} (the end or answer time of
   * a call whose start is known): in a DST overlap the earlier offset is used unless that instant
   * is before {@code notBefore} and the later offset's is not. So a call from {@code 02:50} (first
   * pass) to {@code 02:10} (second pass) on the night the clocks go back ends 20 minutes after it
   * began instead of 40 minutes before. Outside an overlap this is exactly {@link #local}.
   */
  public static Instant localNotBefore(CharSequence s, ZoneId zone, String field, Instant notBefore) {
    LocalDateTime t = localDateTime(s, field);
    if (zone == ZoneOffset.UTC) {
      return t.toInstant(ZoneOffset.UTC);
    }
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t);
    if (offsets.size() != 2) {
      return t.atZone(zone).toInstant();
    }
    Instant first = t.toInstant(offsets.get(0));
    Instant second = t.toInstant(offsets.get(1));
    if (first.isBefore(second)) {
      Instant swap = first;
      first = second;
      second = swap;
    }
    // 'first' is now the later instant; prefer the earlier one when it is not before notBefore
    return !second.isBefore(notBefore) || first.isBefore(notBefore) ? second : first;
  }

  private static LocalDateTime localDateTime(CharSequence s, String field) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      throw notATimestamp(field);
    }
    int nanos = 0;
    if (n > 19) {
      if (s.charAt(19) != '.' || n == 20 || n > 29) {
        throw notATimestamp(field);
      }
      int digits = n - 20;
      nanos = digits(s, 20, n, field);
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    try {
      return LocalDateTime.of(digits(s, 0, 4, field), digits(s, 5, 7, field),
          digits(s, 8, 10, field), digits(s, 11, 13, field), digits(s, 14, 16, field),
          digits(s, 17, 19, field), nanos);
    } catch (DateTimeException e) {
      throw notATimestamp(field);
    }
  }

  /** Whole epoch seconds (decimal digits, optionally with a fraction {@code .123}). */
  public static Instant epochSeconds(CharSequence s, String field) {
    int n = s.length();
    int dot = -1;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    int intEnd = dot < 0 ? n : dot;
    if (intEnd == 0 || intEnd > 12) {
      throw notATimestamp(field);
    }
    long secs = longDigits(s, 0, intEnd, field);
    long nanos = 0;
    if (dot >= 0) {
      int digits = n - dot - 1;
      if (digits < 1 || digits > 9) {
        throw notATimestamp(field);
      }
      nanos = longDigits(s, dot + 1, n, field);
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    return Instant.ofEpochSecond(secs, nanos);
  }

  /** Epoch microseconds (FreeSWITCH {@code *_time} values). */
  public static Instant epochMicros(CharSequence s, String field) {
    if (s.length() == 0 || s.length() > 18) {
      throw notATimestamp(field);
    }
    long us = longDigits(s, 0, s.length(), field);
    return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
  }

  private static int digits(CharSequence s, int from, int to, String field) {
    return (int) longDigits(s, from, to, field);
  }

  private static long longDigits(CharSequence s, int from, int to, String field) {
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw notATimestamp(field);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static DecodeFailure notATimestamp(String field) {
    return new DecodeFailure(RejectReason.INVALID_FIELD, field + ": not a timestamp");
  }
}
