package io.cdrvault.ingest.format.freeswitch;

import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.RejectReason;
import java.time.Instant;

/**
 * Value checks shared by the FreeSWITCH decoders. Every failure is a {@link DecodeFailure} whose
 * detail is the caller's label (format + field / column) and a kind, never the value. Stateless;
 * thread-safe.
 */
final class FreeSwitchValues {
  private FreeSwitchValues() {}

  /** A non-negative decimal integer of 1..{@code maxDigits} digits. */
  static long number(CharSequence s, String label, int maxDigits) {
    int n = s.length();
    if (n == 0 || n > maxDigits) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, label + ": not a whole number");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new DecodeFailure(RejectReason.INVALID_FIELD, label + ": not a whole number");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Whole seconds from {@code from} to {@code to}, a fraction rounded up. */
  static long ceilSeconds(Instant from, Instant to) {
    long s = to.getEpochSecond() - from.getEpochSecond();
    // a negative nanos difference means s - 1 whole seconds plus a fraction: the ceiling is s
    return to.getNano() - from.getNano() > 0 ? s + 1 : s;
  }

  /**
   * Checks that end is not before start, the answer (if any) lies within start..end, and billable
   * seconds do not exceed the duration; {@code format} prefixes the details.
   */
  static void checkConsistent(String format, Instant start, Instant answer, Instant end, long duration,
      long billsec, String durationName, String billsecName) {
    if (end.isBefore(start)) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, format + " end time: before the start time");
    }
    if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, format + " answer time: outside start..end");
    }
    if (billsec > duration) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD,
          format + " " + billsecName + ": exceeds " + durationName);
    }
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
