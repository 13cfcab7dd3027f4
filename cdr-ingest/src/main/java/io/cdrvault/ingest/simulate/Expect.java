package io.cdrvault.ingest.simulate;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;

/** Helpers for the canonical record an encoder expects its decoder to produce. Stateless. */
final class Expect {
  private Expect() {}

  /** The fields every format maps the same way: ids, type, parties (normalised raw), times. */
  static Cdr.Builder base(SimCall c, String origin, String originId, String rawCalling, String rawCalled,
      SimRandom r) {
    Cdr.Builder b = Cdr.builder().origin(origin).originId(originId).type(c.type())
        .calling(r.normalize(rawCalling)).called(r.normalize(rawCalled))
        .start(c.start()).end(c.end());
    if (c.type() == ServiceType.VOICE) {
      b.answer(c.answer()).durationSeconds(c.durationSeconds()).billableSeconds(c.billableSeconds())
          .disposition(c.disposition());
    } else {
      b.smsSegments(c.segments()).deliveryStatus(c.deliveryStatus());
    }
    return b;
  }

  /** SIP status code and reason for a voice outcome (OpenSIPS / Kamailio), chosen at random among equivalents. */
  static int sipCode(Disposition d, SimRandom r) {
    return switch (d) {
      case ANSWERED -> 200;
      case BUSY -> r.nextInt(5) == 0 ? 600 : 486;
      case CANCELLED -> 487;
      case NO_ANSWER -> r.nextBoolean() ? 480 : 408;
      case CONGESTION -> 503;
      case FAILED -> r.nextBoolean() ? 404 : 403;
    };
  }

  static String sipReason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 480 -> "Temporarily Unavailable";
      case 486 -> "Busy Here";
      case 487 -> "Request Terminated";
      case 503 -> "Service Unavailable";
      case 600 -> "Busy Everywhere";
      default -> "Unknown";
    };
  }

  /** FreeSWITCH hangup cause and Q.850 code for an unanswered / answered outcome. */
  static String[] freeswitchCause(Disposition d, SimRandom r) {
    return switch (d) {
      case ANSWERED -> new String[] {"NORMAL_CLEARING", "16"};
      case BUSY -> new String[] {"USER_BUSY", "17"};
      case CANCELLED -> new String[] {"ORIGINATOR_CANCEL", "487"};
      case NO_ANSWER -> switch (r.nextInt(3)) {
        case 0 -> new String[] {"NO_ANSWER", "19"};
        case 1 -> new String[] {"NO_USER_RESPONSE", "18"};
        default -> new String[] {"ALLOTTED_TIMEOUT", "602"};
      };
      case CONGESTION -> r.nextBoolean() ? new String[] {"NORMAL_CIRCUIT_CONGESTION", "34"}
          : new String[] {"SWITCH_CONGESTION", "42"};
      case FAILED -> r.nextBoolean() ? new String[] {"CALL_REJECTED", "21"}
          : new String[] {"UNALLOCATED_NUMBER", "1"};
    };
  }

  /** {@code sha256:} + hex of the first 16 bytes of SHA-256 over the line (asterisk-csv's line id). */
  static String lineId(String line) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(utf8(line));
      return "sha256:" + java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The first half of {@code full}: broken JSON. */
  static byte[] truncated(byte[] full) {
    return java.util.Arrays.copyOf(full, full.length / 2);
  }
}
