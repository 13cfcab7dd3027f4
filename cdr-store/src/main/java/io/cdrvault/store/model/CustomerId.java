package io.cdrvault.store.model;

import java.util.Objects;

/**
 * A carrier's customer (account) identifier. Personal data: {@link #toString()} hides the value.
 * On disk it only ever appears as a keyed pseudonym (see {@code store.crypto}).
 *
 * <p>Immutable and thread-safe. Accepts 1..64 characters of {@code [A-Za-z0-9._:-]}.
 */
public record CustomerId(String value) {

  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 64) {
      throw new IllegalArgumentException("customer id must be 1..64 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == ':';
      if (!ok) {
        throw new IllegalArgumentException("customer id has a character outside [A-Za-z0-9._:-] at index " + i);
      }
    }
  }

  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  @Override
  public String toString() {
    return "CustomerId[***]";
  }
}
