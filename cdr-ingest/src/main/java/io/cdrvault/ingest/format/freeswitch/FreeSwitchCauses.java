package io.cdrvault.ingest.format.freeswitch;

import io.cdrvault.store.model.Disposition;

/**
 * FreeSWITCH {@code hangup_cause} → {@link Disposition}, shared by {@code freeswitch-json} and
 * {@code freeswitch-csv} (mapping contract of issue 3). Stateless; thread-safe.
 */
final class FreeSwitchCauses {
  private FreeSwitchCauses() {}

  /**
   * The disposition of a leg: {@link Disposition#ANSWERED} when it was answered (an answer time is
   * present or billsec &gt; 0); otherwise by cause: {@code USER_BUSY} → BUSY,
   * {@code ORIGINATOR_CANCEL} → CANCELLED, {@code NO_ANSWER} / {@code NO_USER_RESPONSE} /
   * {@code ALLOTTED_TIMEOUT} → NO_ANSWER, {@code NORMAL_CIRCUIT_CONGESTION} /
   * {@code SWITCH_CONGESTION} → CONGESTION, anything else (including no cause) → FAILED.
   *
   * @param answered whether the leg was answered
   * @param cause the {@code hangup_cause} text; may be null
   */
  static Disposition disposition(boolean answered, String cause) {
    if (answered) {
      return Disposition.ANSWERED;
    }
    if (cause == null) {
      return Disposition.FAILED;
    }
    return switch (cause) {
      case "USER_BUSY" -> Disposition.BUSY;
      case "ORIGINATOR_CANCEL" -> Disposition.CANCELLED;
      case "NO_ANSWER", "NO_USER_RESPONSE", "ALLOTTED_TIMEOUT" -> Disposition.NO_ANSWER;
      case "NORMAL_CIRCUIT_CONGESTION", "SWITCH_CONGESTION" -> Disposition.CONGESTION;
      default -> Disposition.FAILED;
    };
  }
}
