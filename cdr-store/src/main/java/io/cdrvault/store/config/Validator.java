package io.cdrvault.store.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What values a configuration key accepts, and the words that say so. {@link #toString()} is the
 * description: it fills the "valid values" column of the generated reference docs and completes
 * the error "key 'k' is invalid: must be ..." — so a validator documents itself and the docs
 * cannot drift from the check (Kafka's {@code ConfigDef.Validator} has the same shape).
 *
 * <p>Implementations are immutable and thread-safe; {@link #test} never sees null.
 *
 * @param <T> the type of value checked (a key's {@link ConfigDef.Type} must match it)
 */
public interface Validator<T> {

  /** Whether {@code value} (non-null) is acceptable. */
  boolean test(T value);

  /** What the validator accepts, in words ({@code 1..100000}, {@code PKCS12 or BCFKS}). */
  @Override
  String toString();

  /**
   * Checks a value that does not come from a config file (a settings record built in code), with
   * the same words as a config error.
   *
   * @return {@code value}
   * @throws IllegalArgumentException "{@code name} must be ..." when it is not acceptable
   */
  default <V extends T> V requireValid(String name, V value) {
    Objects.requireNonNull(value, name);
    if (!test(value)) {
      throw new IllegalArgumentException(name + " must be " + this);
    }
    return value;
  }

  /**
   * A validator from a predicate and the words that describe what it accepts.
   *
   * @param description completes "must be ...", e.g. {@code a time-zone id}
   */
  static <T> Validator<T> of(String description, Predicate<? super T> accepts) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(accepts, "accepts");
    return new Validator<>() {
      @Override
      public boolean test(T value) {
        return accepts.test(value);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Accepts every value of the key's type; documented as nothing (an empty cell). */
  static <T> Validator<T> any() {
    return of("", v -> true);
  }
}
