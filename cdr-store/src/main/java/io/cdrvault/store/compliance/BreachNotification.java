package io.cdrvault.store.compliance;

import io.cdrvault.store.model.PrintableText;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One entry of a breach's notification record (47 CFR 64.2011): law enforcement and the
 * Commission notified through the central reporting facility, the affected customers notified, or
 * a law enforcement (or Commission) direction to delay customer notification until a date.
 *
 * <p>Immutable and thread-safe; holds no personal data (a reference is the facility's or agency's
 * reference number). Nullable: {@code delayUntil} (only a {@link Kind#DELAY_REQUEST} has one).
 *
 * @param at when the notification was made (or the direction received)
 * @param reference the reporting facility's confirmation number, the agency's reference, or how
 *     customers were told; 1..{@value #MAX_REFERENCE} printable characters
 * @param delayUntil for a delay direction: the first day customers may be told
 * @param recordedBy who recorded it
 * @param recordedAt when it was recorded
 */
public record BreachNotification(Kind kind, Instant at, String reference, LocalDate delayUntil,
    String recordedBy, Instant recordedAt) {

  /** Longest reference. */
  public static final int MAX_REFERENCE = 200;

  /** What was notified. */
  public enum Kind {
    /** USSS and FBI (and, under the amended rule, the FCC) through the central reporting facility. */
    LAW_ENFORCEMENT,
    /** The affected customers. */
    CUSTOMERS,
    /** A direction from law enforcement or the Commission not to notify customers until a date. */
    DELAY_REQUEST
  }

  public BreachNotification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    PrintableText.require(reference, "reference", MAX_REFERENCE);
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if ((kind == Kind.DELAY_REQUEST) != (delayUntil != null)) {
      throw new IllegalArgumentException("exactly a delay request has a date until which to delay");
    }
  }
}
