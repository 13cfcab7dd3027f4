package io.cdrvault.ingest.simulate;

import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;

/**
 * One generated call or SMS, format-neutral: what happened, before a format encoder writes it in
 * its native form. Parties are E.164 numbers (or an alphanumeric sender); the encoder chooses the
 * raw form. Times may carry milliseconds (only for formats that write fractions).
 *
 * <p>Voice: {@code answer} null when unanswered; {@code end} = answer + talk or start + ring.
 * {@link #durationSeconds()} and {@link #billableSeconds()} apply the contract's rule (whole
 * seconds, fractions rounded up). SMS: {@code start == end}, {@code segments} computed by the
 * contract's rule for the format. Immutable.
 */
record SimCall(
    ServiceType type,
    String calling,
    String called,
    String account,
    Direction accountDirection,
    Instant start,
    Instant answer,
    Instant end,
    Disposition disposition,
    String codec,
    String text,
    int coding,
    String udh,
    int segments,
    DeliveryStatus deliveryStatus,
    FraudScenario fraud) {

  boolean answered() {
    return answer != null;
  }

  long durationSeconds() {
    return ceilSeconds(end.toEpochMilli() - start.toEpochMilli());
  }

  long billableSeconds() {
    return answer == null ? 0 : ceilSeconds(end.toEpochMilli() - answer.toEpochMilli());
  }

  /** Personal data: prints only the type, outcome and fraud tag. */
  @Override
  public String toString() {
    return "SimCall[" + type + " " + (disposition != null ? disposition : deliveryStatus)
        + (fraud != null ? " " + fraud : "") + "]";
  }

  static long ceilSeconds(long millis) {
    return (millis + 999) / 1000;
  }
}
