package io.cdrvault.store.config;

import java.util.List;

/**
 * One of a fixed set of strings (case-sensitive), documented as {@code A or B}, {@code A, B or C}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ValidString implements Validator<String> {
  private final List<String> allowed;

  private ValidString(List<String> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("no allowed value");
    }
    this.allowed = List.copyOf(allowed);
  }

  /** Exactly one of {@code allowed}. */
  public static ValidString in(String... allowed) {
    return new ValidString(List.of(allowed));
  }

  @Override
  public boolean test(String value) {
    return allowed.contains(value);
  }

  @Override
  public String toString() {
    int last = allowed.size() - 1;
    return last == 0 ? allowed.get(0)
        : String.join(", ", allowed.subList(0, last)) + " or " + allowed.get(last);
  }
}
