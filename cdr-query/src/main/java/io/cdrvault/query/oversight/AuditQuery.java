package io.cdrvault.query.oversight;

import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.audit.AuditEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the compliance officer asks of the audit trail ({@code GET /v1/audit/entries}): a time
 * window, exact matches on principal, purpose, outcome and operation, a subject pseudonym, the
 * sequence to page before and how many entries at most. Every value is a known, non-personal kind
 * of text: a subject is only ever a pseudonym (a customer's tag or a number's blind index, 32 hex
 * digits; a prefix subject; a legal request or hold id) — a customer id or a number is refused.
 *
 * <p>Immutable and thread-safe. Null members mean "any".
 *
 * @param from entries at or after this instant
 * @param to entries before this instant
 * @param before entries with a lower sequence than this; 0 = from the newest entry
 * @param limit at most this many entries (1..{@link #MAX_LIMIT})
 */
public record AuditQuery(Instant from, Instant to, String principal, String purpose,
    String outcome, String operation, String subject, long before, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
  static final Pattern OPERATION = Pattern.compile("[a-z0-9.-]{1,64}");
  /** A tag or blind index, a prefix subject ({@code +44}, {@code +155~<tag>}), an LR-/LH- id. */
  static final Pattern SUBJECT = Pattern.compile(
      "[0-9a-f]{32}|\\+[0-9]{1,3}|\\+[0-9]{3}~[0-9a-f]{32}|L[RH]-[0-9a-f]{16}");

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
    if (before < 0) {
      throw new IllegalArgumentException("before must not be negative");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("'from' must be before 'to'");
    }
    check(principal, NAME, "principal");
    check(operation, OPERATION, "operation");
    check(subject, SUBJECT, "subject");
    if (purpose != null && !purpose.equals("UNKNOWN")
        && Arrays.stream(Purpose.values()).noneMatch(p -> p.name().equals(purpose))) {
      throw new IllegalArgumentException("'purpose' must be a purpose name or UNKNOWN");
    }
    if (outcome != null
        && Arrays.stream(AuditEvent.Outcome.values()).noneMatch(o -> o.name().equals(outcome))) {
      throw new IllegalArgumentException("'outcome' must be ALLOWED, DENIED or COMPLETED");
    }
  }

  /** A query or what is wrong with the parameters (naming the parameter, never its value). */
  public record Parsed(AuditQuery query, String problem) {}

  /** Reads the query parameters ({@code param} gives a parameter's value or null). */
  public static Parsed parse(Function<String, String> param) {
    try {
      Instant from = instant(param, "from");
      Instant to = instant(param, "to");
      long before = number(param, "before", 0);
      long limit = number(param, "limit", DEFAULT_LIMIT);
      if (limit < 1 || limit > MAX_LIMIT) {
        return new Parsed(null, "query parameter 'limit' must be 1.." + MAX_LIMIT);
      }
      return new Parsed(new AuditQuery(from, to, text(param, "principal"), text(param, "purpose"),
          text(param, "outcome"), text(param, "operation"), text(param, "subject"), before,
          (int) limit), null);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      return new Parsed(null, m.startsWith("query parameter") ? m : "query parameter " + m);
    }
  }

  private static void check(String v, Pattern p, String name) {
    if (v != null && !p.matcher(v).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not well-formed"
          + (name.equals("subject") ? ": it must be a pseudonym (a customer's tag from "
              + "POST /v1/audit/customer-tag, a number's blind index, a prefix subject or an "
              + "LR-/LH- id), never a customer id or a number" : ""));
    }
  }

  private static String text(Function<String, String> param, String name) {
    String v = param.apply(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static Instant instant(Function<String, String> param, String name) {
    String v = text(param, name);
    if (v == null) {
      return null;
    }
    Instant i = RequestScope.instant(v);
    if (i == null) {
      throw new IllegalArgumentException("query parameter '" + name
          + "' must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a date (2026-12-01)");
    }
    return i;
  }

  private static long number(Function<String, String> param, String name, long absent) {
    String v = text(param, name);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be a whole number ≥ 0");
    }
  }
}
