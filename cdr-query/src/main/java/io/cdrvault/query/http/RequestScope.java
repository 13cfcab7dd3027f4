package io.cdrvault.query.http;

import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.model.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The scope a request asks for, parsed from the customer path parameter and the {@code from}/
 * {@code to} query parameters. {@code problem} says what is wrong (naming the parameter, never its
 * value), null when the request is valid; {@code scope} is set whenever it could be built (also
 * when the window is too wide), so a refusal can still be audited against the customer.
 */
record RequestScope(AccessScope scope, String problem) {

  static final String INSTANT_FORMAT =
      "an ISO-8601 date-time with offset (2024-01-31T00:00:00Z) or a date (2024-01-31, midnight UTC)";

  static RequestScope parse(String customerId, String from, String to, int maxWindowDays) {
    CustomerId customer;
    try {
      customer = CustomerId.of(customerId);
    } catch (IllegalArgumentException | NullPointerException e) {
      return new RequestScope(null,
          "path parameter 'customerId' must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    if (from == null || from.isBlank()) {
      return new RequestScope(null, "query parameter 'from' is required: " + INSTANT_FORMAT);
    }
    if (to == null || to.isBlank()) {
      return new RequestScope(null, "query parameter 'to' is required: " + INSTANT_FORMAT);
    }
    Instant f = instant(from);
    if (f == null) {
      return new RequestScope(null, "query parameter 'from' must be " + INSTANT_FORMAT);
    }
    Instant t = instant(to);
    if (t == null) {
      return new RequestScope(null, "query parameter 'to' must be " + INSTANT_FORMAT);
    }
    if (!f.isBefore(t)) {
      return new RequestScope(null, "query parameter 'from' must be before 'to'");
    }
    AccessScope scope = new AccessScope(customer, f, t);
    if (Duration.between(f, t).compareTo(Duration.ofDays(maxWindowDays)) > 0) {
      return new RequestScope(scope, "the window from 'from' to 'to' is longer than the maximum of "
          + maxWindowDays + " days");
    }
    return new RequestScope(scope, null);
  }

  private static Instant instant(String s) {
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
