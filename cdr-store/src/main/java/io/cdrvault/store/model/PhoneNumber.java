package io.cdrvault.store.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A party address as the switch wrote it ({@code raw}) and, when it is a valid number, its E.164
 * form. Personal data: {@link #toString()} prints only the kind.
 *
 * <p>Immutable and thread-safe. {@code e164} is null unless {@code kind == E164}.
 */
public record PhoneNumber(String raw, String e164, NumberKind kind) {

  public static final PhoneNumber EMPTY = new PhoneNumber("", null, NumberKind.EMPTY);

  public PhoneNumber {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(kind, "kind");
    if (kind == NumberKind.E164) {
      if (e164 == null || !isE164(e164)) {
        throw new IllegalArgumentException("kind E164 needs an E.164 value (+ and 2..15 digits)");
      }
    } else if (e164 != null) {
      throw new IllegalArgumentException("only kind E164 may carry an E.164 value, not " + kind);
    }
  }

  /** A valid number in E.164 form, keeping the raw text it came from. */
  public static PhoneNumber e164(String raw, String e164) {
    return new PhoneNumber(raw, e164, NumberKind.E164);
  }

  /** An address that is not an E.164 number, marked with what it is. */
  public static PhoneNumber other(String raw, NumberKind kind) {
    return new PhoneNumber(raw, null, kind);
  }

  /** The E.164 form if this is a valid number. */
  public Optional<String> e164Value() {
    return Optional.ofNullable(e164);
  }

  /** The best identifier of this party: E.164 when known, else the raw text. */
  public String canonical() {
    return e164 != null ? e164 : raw;
  }

  /** True if {@code s} has E.164 syntax: {@code +}, a non-zero digit, 2..15 digits in all. */
  public static boolean isE164(String s) {
    int n = s.length();
    if (n < 3 || n > 16 || s.charAt(0) != '+' || s.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "PhoneNumber[" + kind + "]";
  }
}
