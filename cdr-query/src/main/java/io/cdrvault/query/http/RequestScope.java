package io.cdrvault.query.http;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.BiFunction;

/**
 * The scope a request asks for, parsed from path and query parameters. {@code problem} says what
 * is wrong (naming the parameter, never its value), null when the request is valid; {@code scope}
 * is set whenever it could be built (also when the window is too wide), so a refusal can still be
 * audited against its subject.
 *
 * <p>Immutable and thread-safe.
 */
public record RequestScope(AccessScope scope, String problem) {

  static final String INSTANT_FORMAT =
      "an ISO-8601 date-time with offset (2024-01-31T00:00:00Z) or a date (2024-01-31, midnight UTC)";
  /** What a time outside {@link CdrStore#EARLIEST_TIME}..{@link CdrStore#END_OF_TIME} is told. */
  public static final String STORE_TIMES = "within the years the store holds, 1970..9999 ("
      + CdrStore.EARLIEST_TIME + " to " + CdrStore.END_OF_TIME + ")";

  /** A valid scope. */
  public static RequestScope of(AccessScope scope) {
    return new RequestScope(scope, null);
  }

  /** An invalid request; {@code scope} may be null. */
  public static RequestScope invalid(AccessScope scope, String problem) {
    return new RequestScope(scope, problem);
  }

  /** One customer ({@code customerId} path parameter) over {@code from}/{@code to}. */
  public static RequestScope customer(String customerId, String from, String to, int maxWindowDays) {
    CustomerId customer;
    try {
      customer = CustomerId.of(customerId);
    } catch (IllegalArgumentException | NullPointerException e) {
      return invalid(null, "path parameter 'customerId' must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    return window(from, to, maxWindowDays, (f, t) -> AccessScope.customer(customer, f, t));
  }

  /** Every record in which the number ({@code number} path parameter, E.164) is a party. */
  public static RequestScope number(String number, String from, String to, int maxWindowDays) {
    if (number == null || !PhoneNumber.isE164(number.strip())) {
      return invalid(null, "path parameter 'number' must be an E.164 number (+ and 2..15 digits, "
          + "written %2B in a URL if your client encodes +)");
    }
    String n = number.strip();
    return window(from, to, maxWindowDays, (f, t) -> AccessScope.number(n, f, t));
  }

  /** Every record to a destination prefix ({@code prefix} path parameter). */
  public static RequestScope prefix(String prefix, String from, String to, int maxWindowDays) {
    if (prefix == null || !AccessScope.Prefix.validPrefix(prefix.strip())) {
      return invalid(null, "path parameter 'prefix' must be + and 1..15 digits, not starting with 0");
    }
    String p = prefix.strip();
    return window(from, to, maxWindowDays, (f, t) -> AccessScope.prefix(p, f, t));
  }

  /** All customers over {@code from}/{@code to}. */
  public static RequestScope allCustomers(String from, String to, int maxWindowDays) {
    return window(from, to, maxWindowDays, AccessScope::allCustomers);
  }

  /** Parses and checks a window, then builds the scope over it. */
  public static RequestScope window(String from, String to, int maxWindowDays,
      BiFunction<Instant, Instant, AccessScope> build) {
    if (from == null || from.isBlank()) {
      return invalid(null, "query parameter 'from' is required: " + INSTANT_FORMAT);
    }
    if (to == null || to.isBlank()) {
      return invalid(null, "query parameter 'to' is required: " + INSTANT_FORMAT);
    }
    Instant f = instant(from);
    if (f == null) {
      return invalid(null, "query parameter 'from' must be " + INSTANT_FORMAT);
    }
    Instant t = instant(to);
    if (t == null) {
      return invalid(null, "query parameter 'to' must be " + INSTANT_FORMAT);
    }
    String outside = outsideStoreTimes(f, t);
    if (outside != null) {
      return invalid(null, "query parameter '" + outside + "' must lie " + STORE_TIMES);
    }
    if (!f.isBefore(t)) {
      return invalid(null, "query parameter 'from' must be before 'to'");
    }
    AccessScope scope = build.apply(f, t);
    if (Duration.between(f, t).compareTo(Duration.ofDays(maxWindowDays)) > 0) {
      return invalid(scope, "the window from 'from' to 'to' is longer than the maximum of "
          + maxWindowDays + " days");
    }
    return of(scope);
  }

  /**
   * {@code "from"} or {@code "to"}, whichever of a window's ends lies outside the times the store
   * can hold ({@link CdrStore#EARLIEST_TIME}..{@link CdrStore#END_OF_TIME}; {@code to} is
   * exclusive, so it may be the end itself), checked in that order; null if both lie within.
   * Records are keyed by UTC month with a four-digit year from 1970, so a window beyond would
   * read nothing (or fail) instead of being refused.
   */
  public static String outsideStoreTimes(Instant from, Instant to) {
    if (from.isBefore(CdrStore.EARLIEST_TIME) || !from.isBefore(CdrStore.END_OF_TIME)) {
      return "from";
    }
    if (!to.isAfter(CdrStore.EARLIEST_TIME) || to.isAfter(CdrStore.END_OF_TIME)) {
      return "to";
    }
    return null;
  }

  /** An ISO-8601 instant with offset, or a date (midnight UTC); null if it is neither. */
  public static Instant instant(String s) {
    String v = s.strip();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      // not a date-time; try a plain date
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
