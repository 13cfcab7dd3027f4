package io.cdrvault.store.access;

/**
 * The stable identifiers of the rules that decide a request; they appear in audit entries and in
 * API error bodies ({@code rule}). Documented in {@code docs/access-policy.md}.
 */
public final class Rules {
  private Rules() {}

  /** Allowed: every rule of the purpose held. */
  public static final String PURPOSE_ALLOWED = "purpose-allowed";
  /** Completion entry: the read returned everything. */
  public static final String COMPLETE = "complete";
  /** Completion entry: the read ended early (client gone, error); the count is what was sent. */
  public static final String ABORTED = "aborted";
  /**
   * Completion chunk entry: the read is still running (or its end is written in later entries);
   * lists customers whose records it returned. The last completion entry has {@link #COMPLETE}
   * or {@link #ABORTED} and the count.
   */
  public static final String IN_PROGRESS = "in-progress";

  public static final String UNAUTHENTICATED = "unauthenticated";
  /** A client certificate (or one of its chain) is expired or not yet valid (401). */
  public static final String CERTIFICATE_EXPIRED = "certificate-expired";
  /** A client certificate (or one of its chain) is listed by a configured CRL (401). */
  public static final String CERTIFICATE_REVOKED = "certificate-revoked";
  /** A client certificate does not chain to a configured client CA, or is not for client authentication (401). */
  public static final String CERTIFICATE_UNTRUSTED = "certificate-untrusted";
  /** A valid client certificate that identifies no principal, and no bearer token (401). */
  public static final String CERTIFICATE_UNKNOWN = "certificate-unknown";
  /** The client certificate and the bearer token identify different principals (401). */
  public static final String CERTIFICATE_MISMATCH = "certificate-mismatch";
  /** Too many requests from the caller's address (429); counted, before authentication. */
  public static final String RATE_LIMITED = "rate-limited";
  /** The request body is longer than the node accepts (413). */
  public static final String BODY_TOO_LARGE = "body-too-large";
  public static final String MISSING_PURPOSE = "missing-purpose";
  public static final String UNKNOWN_PURPOSE = "unknown-purpose";
  public static final String BAD_REQUEST = "bad-request";
  public static final String ROLE_LACKS_PURPOSE = "role-lacks-purpose";
  /** The principal's roles do not hold the administrative duty the operation needs (ADR 0035). */
  public static final String ROLE_LACKS_DUTY = "role-lacks-duty";
  /** An administrative duty allowed the action (ADR 0035). */
  public static final String DUTY_ALLOWED = "duty-allowed";
  public static final String OPERATION_NOT_ALLOWED = "operation-not-allowed-for-purpose";
  public static final String SCOPE_NOT_ALLOWED = "scope-not-allowed-for-purpose";
  public static final String MISSING_CASE_REFERENCE = "missing-case-reference";
  public static final String WINDOW_TOO_WIDE = "window-too-wide";
  public static final String MISSING_LEGAL_REQUEST = "missing-legal-request";
  public static final String LEGAL_REQUEST_UNKNOWN = "legal-request-unknown";
  public static final String LEGAL_REQUEST_UNAPPROVED = "legal-request-unapproved";
  public static final String LEGAL_REQUEST_EXPIRED = "legal-request-expired";
  public static final String LEGAL_REQUEST_REVOKED = "legal-request-revoked";
  public static final String LEGAL_INSTRUMENT_DISCLOSES_NOTHING = "legal-instrument-discloses-nothing";
  public static final String LEGAL_SCOPE_EXCEEDED = "legal-scope-exceeded";
  public static final String NO_CUSTOMER_AUTHENTICATION = "no-customer-authentication";
  public static final String INVALID_CUSTOMER_ASSERTION = "invalid-customer-assertion";
  public static final String CUSTOMER_MISMATCH = "customer-mismatch";
  public static final String NO_MARKETING_APPROVAL = "no-marketing-approval";
}
