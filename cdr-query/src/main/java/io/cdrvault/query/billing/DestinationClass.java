package io.cdrvault.query.billing;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.Direction;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The destination class of an ORIGINATING record, as a bill groups it:
 * <ul>
 *   <li>{@link Kind#DOMESTIC}: the called number's country calling code equals the country calling
 *       code of the customer's own (calling) number;
 *   <li>{@link Kind#INTERNATIONAL}: it differs; {@link #countryCode()} is the called number's code
 *       (digits, e.g. {@code "44"}, {@code "881"});
 *   <li>{@link Kind#OTHER}: the called number is not an E.164 number (short code, extension,
 *       alphanumeric, anonymous, empty), its country calling code is not assigned, or the customer's
 *       own number is not E.164, so the call cannot be placed in a country.
 * </ul>
 * TERMINATING records have no destination class ({@link #of} returns empty): the customer received
 * them, and the bill does not rate them by where they came from.
 *
 * <p>Country calling codes come from libphonenumber's metadata, found as its {@code parse} finds
 * them but without its free-text regular expressions (they were 80 % of a usage request's CPU,
 * BENCHMARKS.md §9). Immutable and thread-safe; prints
 * no number.
 *
 * @param countryCode the destination's country calling code for INTERNATIONAL, else null
 */
public record DestinationClass(Kind kind, String countryCode) {
  public static final DestinationClass DOMESTIC = new DestinationClass(Kind.DOMESTIC, null);
  public static final DestinationClass OTHER = new DestinationClass(Kind.OTHER, null);

  /** The classes, as named in the usage JSON ({@code domestic}, {@code international}, {@code other}). */
  public enum Kind { DOMESTIC, INTERNATIONAL, OTHER }

  public DestinationClass {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.INTERNATIONAL) != (countryCode != null)) {
      throw new IllegalArgumentException("exactly the INTERNATIONAL class carries a country code");
    }
    if (countryCode != null && !validCountryCode(countryCode)) {
      throw new IllegalArgumentException("a country calling code is 1..3 digits, not starting with 0");
    }
  }

  /** An international destination with the given country calling code. */
  public static DestinationClass international(int countryCode) {
    return new DestinationClass(Kind.INTERNATIONAL, Integer.toString(countryCode));
  }

  /**
   * The class of an ORIGINATING record (destination = called number, own number = calling
   * number); empty for a TERMINATING record.
   */
  public static Optional<DestinationClass> of(GrantedCdr r) {
    if (r.direction() != Direction.ORIGINATING) {
      return Optional.empty();
    }
    OptionalInt destination = countryCode(r.called().e164());
    if (destination.isEmpty()) {
      return Optional.of(OTHER);
    }
    OptionalInt own = countryCode(r.calling().e164());
    if (own.isEmpty()) {
      return Optional.of(OTHER);
    }
    return Optional.of(own.getAsInt() == destination.getAsInt() ? DOMESTIC
        : international(destination.getAsInt()));
  }

  /**
   * The country calling code of an E.164 number ({@code +} and digits), as libphonenumber knows
   * it; empty for null, for a string that is not E.164 or whose code is not assigned.
   */
  public static OptionalInt countryCode(String e164) {
    if (e164 == null || !io.cdrvault.store.model.PhoneNumber.isE164(e164)) {
      return OptionalInt.empty();
    }
    return io.cdrvault.ingest.normalize.NumberNormalizer.countryCallingCode(e164);
  }

  /** True for 1..3 digits not starting with 0 (the shape of a country calling code). */
  public static boolean validCountryCode(String s) {
    if (s == null || s.isEmpty() || s.length() > 3 || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
