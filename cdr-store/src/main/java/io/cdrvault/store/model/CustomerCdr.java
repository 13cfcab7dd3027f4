package io.cdrvault.store.model;

import java.util.Objects;

/**
 * A CDR attributed to one served customer, as the store holds it. An on-net call (both parties are
 * customers) yields two: one ORIGINATING for the caller's customer, one TERMINATING for the callee's.
 *
 * <p>Immutable and thread-safe; prints no personal data.
 */
public record CustomerCdr(CustomerId customer, Direction direction, Cdr cdr) {
  public CustomerCdr {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(cdr, "cdr");
  }

  /** The party on the other side of the call from the served customer's point of view. */
  public PhoneNumber counterpart() {
    return direction == Direction.ORIGINATING ? cdr.called() : cdr.calling();
  }

  @Override
  public String toString() {
    return "CustomerCdr[" + cdr.id().hex() + " " + direction + "]";
  }
}
