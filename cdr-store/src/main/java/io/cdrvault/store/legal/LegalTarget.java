package io.cdrvault.store.legal;

import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.util.Objects;

/**
 * One target named by a legal instrument: a telephone number in E.164 form or a carrier customer
 * id. Personal data: {@link #toString()} prints only the kind.
 *
 * <p>Immutable and thread-safe; non-null.
 */
public record LegalTarget(Kind kind, String value) {

  /** What a target's value is. */
  public enum Kind {
    /** An E.164 telephone number ({@code +} and 2..15 digits). */
    NUMBER,
    /** A carrier customer id (see {@link CustomerId}). */
    CUSTOMER
  }

  public LegalTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    switch (kind) {
      case NUMBER -> {
        if (!PhoneNumber.isE164(value)) {
          throw new IllegalArgumentException("a NUMBER target must be an E.164 number");
        }
      }
      case CUSTOMER -> new CustomerId(value); // validates, message names no value
      default -> throw new IllegalArgumentException("unknown target kind " + kind);
    }
  }

  /** A number target; {@code e164} must be in E.164 form. */
  public static LegalTarget number(String e164) {
    return new LegalTarget(Kind.NUMBER, e164);
  }

  /** A customer target. */
  public static LegalTarget customer(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return new LegalTarget(Kind.CUSTOMER, customer.value());
  }

  /** The customer id of a {@link Kind#CUSTOMER} target. */
  public CustomerId customerId() {
    if (kind != Kind.CUSTOMER) {
      throw new IllegalStateException("target is a " + kind + ", not a CUSTOMER");
    }
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return "LegalTarget[" + kind + "]";
  }
}
