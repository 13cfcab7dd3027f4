package io.cdrvault.ingest.format.sip;

import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Disposition;
import java.time.Duration;
import java.time.Instant;

/**
 * What a SIP final response code means for a call-detail record, shared by the OpenSIPS and
 * Kamailio decoders so both map codes identically: disposition ({@code 2xx} ANSWERED,
 * {@code 486|600} BUSY, {@code 487} CANCELLED, {@code 408|480} NO_ANSWER, {@code 503} CONGESTION,
 * anything else FAILED), cause text ({@code code + " " + reason}) and SMS delivery status, plus
 * the numeric parsing both formats need (status codes, seconds with a fraction). Parsers throw
 * {@link DecodeFailure} naming the caller's label, never the value. Stateless and thread-safe.
 */
final class SipOutcomes {
  /** Longest party address (user part) accepted; longer values are not numbers and would bloat caches. */
  static final int MAX_PARTY_LENGTH = 128;
  /** Longest value of any other mapped field (call-id, tags, reason, times, IP). */
  static final int MAX_VALUE_LENGTH = 1024;

  private SipOutcomes() {}

  /** True for a 2xx (success) final response. */
  static boolean isSuccess(int code) {
    return code >= 200 && code <= 299;
  }

  /** The disposition of a call that ended with SIP final response {@code code}. */
  static Disposition disposition(int code) {
    if (isSuccess(code)) {
      return Disposition.ANSWERED;
    }
    return switch (code) {
      case 486, 600 -> Disposition.BUSY;
      case 487 -> Disposition.CANCELLED;
      case 408, 480 -> Disposition.NO_ANSWER;
      case 503 -> Disposition.CONGESTION;
      default -> Disposition.FAILED;
    };
  }

  /** The delivery status of a SIP MESSAGE answered with {@code code}: SUBMITTED if 2xx else FAILED. */
  static DeliveryStatus deliveryStatus(int code) {
    return isSuccess(code) ? DeliveryStatus.SUBMITTED : DeliveryStatus.FAILED;
  }

  /** {@code code + " " + reason}; just the code when the reason is null or empty. */
  static String cause(int code, String reason) {
    if (reason == null || reason.isEmpty()) {
      return Integer.toString(code);
    }
    return code + " " + reason;
  }

  /**
   * A SIP status code: exactly three digits, 100..699.
   *
   * @throws DecodeFailure INVALID_FIELD naming {@code label}
   */
  static int parseCode(CharSequence s, String label) {
    if (s.length() != 3) {
      throw invalid(label, "not a SIP status code");
    }
    int v = 0;
    for (int i = 0; i < 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(label, "not a SIP status code");
      }
      v = v * 10 + (c - '0');
    }
    if (v < 100 || v > 699) {
      throw invalid(label, "not a SIP status code");
    }
    return v;
  }

  /**
   * Non-negative seconds written as digits with an optional fraction ({@code 183}, {@code 183.412}),
   * rounded up to whole seconds.
   *
   * @throws DecodeFailure INVALID_FIELD naming {@code label}
   */
  static long ceilSeconds(CharSequence s, String label) {
    int n = s.length();
    int dot = -1;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    int intEnd = dot < 0 ? n : dot;
    if (intEnd == 0 || intEnd > 12 || dot == n - 1) {
      throw invalid(label, "not a number of seconds");
    }
    long secs = 0;
    for (int i = 0; i < intEnd; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(label, "not a number of seconds");
      }
      secs = secs * 10 + (c - '0');
    }
    boolean fraction = false;
    for (int i = dot < 0 ? n : dot + 1; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(label, "not a number of seconds");
      }
      fraction |= c != '0';
    }
    return fraction ? secs + 1 : secs;
  }

  /** Whole seconds from {@code from} to {@code to}, a fraction rounded up; {@code to} must not be before {@code from}. */
  static long ceilSeconds(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
  }

  static DecodeFailure invalid(String label, String what) {
    return new DecodeFailure(RejectReason.INVALID_FIELD, label + ": " + what);
  }

  static DecodeFailure missing(String label) {
    return new DecodeFailure(RejectReason.MISSING_FIELD, label + ": missing");
  }
}
