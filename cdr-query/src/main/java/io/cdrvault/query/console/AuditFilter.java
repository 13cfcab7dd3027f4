package io.cdrvault.query.console;

import io.cdrvault.query.http.RequestScope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The compliance officer's filter of the audit trail, kept in the console session: a time window,
 * principal, purpose, outcome, operation — values that are not personal data — and a customer
 * only as the customer's pseudonym (tag), which the API computed from the id the officer POSTed.
 * The id itself is never kept. An empty string means "any".
 *
 * <p>Immutable and thread-safe.
 */
public record AuditFilter(String from, String to, String principal, String purpose, String outcome,
    String operation, String subject) {

  /** No filter: the newest entries. */
  static final AuditFilter NONE = new AuditFilter("", "", "", "", "", "", "");
  static final List<String> PURPOSES = List.of("BILLING", "FRAUD", "LEGAL_PROCESS",
      "CUSTOMER_ACCESS", "MARKETING", "AGGREGATE", "UNKNOWN");
  static final List<String> OUTCOMES = List.of("ALLOWED", "DENIED", "COMPLETED");
  private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
  private static final Pattern OPERATION = Pattern.compile("[a-z0-9.-]{1,64}");
  private static final Pattern TAG = Pattern.compile("[0-9a-f]{32}");

  public AuditFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(subject, "subject");
    if (!subject.isEmpty() && !TAG.matcher(subject).matches()) {
      throw new IllegalArgumentException("subject must be a customer's tag (32 hex digits)");
    }
  }

  /** A filter from the form's fields, or null (and {@code problem[0]} set) when one is not valid. */
  static AuditFilter of(Forms f, String subject, String[] problem) {
    String from = f.field("from").strip();
    String to = f.field("to").strip();
    String principal = f.field("principal").strip();
    String purpose = f.field("purpose").strip();
    String outcome = f.field("outcome").strip();
    String operation = f.field("operation").strip();
    if (!from.isEmpty() && RequestScope.instant(from) == null
        || !to.isEmpty() && RequestScope.instant(to) == null) {
      problem[0] = "From and To must be dates (YYYY-MM-DD) or instants (2026-12-31T00:00:00Z).";
    } else if (!principal.isEmpty() && !PRINCIPAL.matcher(principal).matches()) {
      problem[0] = "A principal is a name from the principals file (letters, digits, . _ : @ -).";
    } else if (!operation.isEmpty() && !OPERATION.matcher(operation).matches()) {
      problem[0] = "An operation is a name such as usage, records or legal-export.";
    } else if (!purpose.isEmpty() && !PURPOSES.contains(purpose)
        || !outcome.isEmpty() && !OUTCOMES.contains(outcome)) {
      problem[0] = "Choose a purpose and an outcome from the lists.";
    } else {
      return new AuditFilter(from, to, principal, purpose, outcome, operation, subject);
    }
    return null;
  }

  AuditFilter withSubject(String tag) {
    return new AuditFilter(from, to, principal, purpose, outcome, operation, tag);
  }

  public boolean bySubject() {
    return !subject.isEmpty();
  }

  /** The API's query string for this filter, entries before {@code before} (0: the newest). */
  String query(long before, int limit) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("from", from);
    q.put("to", to);
    q.put("principal", principal);
    q.put("purpose", purpose);
    q.put("outcome", outcome);
    q.put("operation", operation);
    q.put("subject", subject);
    q.put("before", before > 0 ? Long.toString(before) : "");
    q.put("limit", Integer.toString(limit));
    StringBuilder sb = new StringBuilder();
    q.forEach((k, v) -> {
      if (!v.isEmpty()) {
        sb.append(sb.length() == 0 ? '?' : '&').append(k).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    });
    return sb.toString();
  }
}
