package io.cdrvault.store.access;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a read covers: one customer's records whose start time lies in {@code [from, to)}.
 * (Later issues add number, prefix and all-customer scopes.)
 *
 * <p>Immutable and thread-safe; prints no customer id.
 */
public record AccessScope(CustomerId customer, Instant from, Instant to) {
  public AccessScope {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' must be before 'to'");
    }
  }

  public boolean covers(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  @Override
  public String toString() {
    return "AccessScope[customer=*** " + from + ".." + to + "]";
  }
}
