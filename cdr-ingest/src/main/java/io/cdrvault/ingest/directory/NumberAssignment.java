package io.cdrvault.ingest.directory;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * One customer holding one number over the half-open period {@code [from, to)}.
 *
 * <p>Immutable and thread-safe. {@code customer} and {@code from} are non-null ({@link Instant#MIN}
 * = since always); {@code to} is null for an open-ended period. {@link #toString()} prints no
 * customer id (see {@link CustomerId#toString()}).
 */
public record NumberAssignment(CustomerId customer, Instant from, Instant to) {

  /** The start used for periods that have no start ("since always"). */
  public static final Instant SINCE_ALWAYS = Instant.MIN;

  public NumberAssignment {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(from, "from");
    if (to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("validity period must end after it starts");
    }
  }

  /** True when {@code at} lies in {@code [from, to)}. */
  public boolean covers(Instant at) {
    return !at.isBefore(from) && (to == null || at.isBefore(to));
  }

  /** True when the two periods share at least one instant. */
  public boolean overlaps(NumberAssignment other) {
    return (other.to == null || from.isBefore(other.to)) && (to == null || other.from.isBefore(to));
  }
}
