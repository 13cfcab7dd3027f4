package io.cdrvault.query.http;

import io.cdrvault.store.access.Purpose;
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
   * The purpose as it is written to the audit ledger: the header as sent when it looks like a
   * purpose name, {@code INVALID} when it holds anything else (so a caller cannot write arbitrary
   * text into the ledger), null when absent.
   */
  static String auditPurpose(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.strip();
    return s.matches("[A-Za-z0-9_.-]{1,40}") ? s : "INVALID";
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
