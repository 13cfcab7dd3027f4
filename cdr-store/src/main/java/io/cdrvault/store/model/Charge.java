package io.cdrvault.store.model;

import java.util.Objects;

/**
 * A rated charge in millionths of the currency unit (exact, no floating point).
 *
 * <p>Immutable and thread-safe.
 */
public record Charge(long amountMicros, String currency) {
  public Charge {
    Objects.requireNonNull(currency, "currency");
    if (currency.length() != 3 || !currency.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code");
    }
  }
}
