package io.cdrvault.query.http;

import io.cdrvault.store.access.AuditText;
import io.cdrvault.store.access.Purpose;
import io.javalin.http.Context;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The CPNI request headers and their parsing. Stateless. */
final class CpniHeaders {
  static final String AUTHORIZATION = "Authorization";
  static final String PURPOSE = "X-CPNI-Purpose";
  static final String CASE = "X-CPNI-Case";
  static final String AUDIT_SEQUENCE = "X-CPNI-Audit-Sequence";
  static final int MAX_CASE_LENGTH = 128;

  private CpniHeaders() {}

  /** The purpose named by the header (exact constant name), or null if it names none. */
  static Purpose purpose(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Purpose.valueOf(raw.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The purpose as it is written to the audit ledger: the purpose's name when the header names
   * one, {@code UNKNOWN} when it holds anything else (so a caller cannot write any text — a
   * number, a customer id — into the ledger), null when absent.
   */
  static String auditPurpose(String raw) {
    return AuditText.purpose(raw);
  }

  /** The headers that must be sent at most once (a repeated one is refused as ambiguous). */
  static final List<String> SINGLE = List.of(PURPOSE, CASE, AccessFlow.ASSERTION);

  /** How many times the request carries header {@code name}. */
  static int count(Context ctx, String name) {
    Enumeration<String> values = ctx.req().getHeaders(name);
    int n = 0;
    while (values != null && values.hasMoreElements()) {
      values.nextElement();
      n++;
    }
    return n;
  }

  /**
   * What makes the request ambiguous, naming the header or part (never a value), or null: a
   * header of {@link #SINGLE} sent more than once, or a percent-encoded {@code %} ({@code %25})
   * in the path, i.e. a double-encoded parameter such as {@code %252B}.
   */
  static String ambiguity(Context ctx) {
    for (String h : SINGLE) {
      if (count(ctx, h) > 1) {
        return "header " + h + " must be sent at most once";
      }
    }
    String raw = ctx.req().getRequestURI();
    if (raw != null && raw.toLowerCase(Locale.ROOT).contains("%25")) {
      return "the path must not contain an encoded '%' (%25): parameters are encoded once";
    }
    return null;
  }

  /** True when the case header is absent or 1..128 printable ASCII characters. */
  static boolean validCase(String raw) {
    if (raw == null) {
      return true;
    }
    String s = raw.strip();
    if (s.isEmpty() || s.length() > MAX_CASE_LENGTH) {
      return false;
    }
    return s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  /** The case reference when present (assumes {@link #validCase}). */
  static Optional<String> caseRef(String raw) {
    return raw == null ? Optional.empty() : Optional.of(raw.strip());
  }
}
