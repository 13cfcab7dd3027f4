package io.cdrvault.query.console;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in user of the console: their principal name, the bearer token the console calls the
 * API with on their behalf (held in memory only, for the session's life), the CSRF token of its
 * forms, its creation and last-use instants, the notice of its last action and the last export it
 * ran (kept in memory until replaced or the session ends).
 *
 * <p>Thread-safe. {@link #toString()} names the principal only.
 */
final class ConsoleSession {
  private final String id;
  private final String principal;
  private final String token;
  private final String csrf;
  private final Instant createdAt;
  private volatile Instant lastSeen;
  private volatile Notice notice;
  private volatile VerifiedExport export;
  private volatile AuditFilter auditFilter = AuditFilter.NONE;

  ConsoleSession(String id, String principal, String token, String csrf, Instant createdAt) {
    this.id = Objects.requireNonNull(id, "id");
    this.principal = Objects.requireNonNull(principal, "principal");
    this.token = Objects.requireNonNull(token, "token");
    this.csrf = Objects.requireNonNull(csrf, "csrf");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.lastSeen = createdAt;
  }

  String id() {
    return id;
  }

  String principal() {
    return principal;
  }

  String token() {
    return token;
  }

  String csrf() {
    return csrf;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant lastSeen() {
    return lastSeen;
  }

  void touch(Instant now) {
    lastSeen = now;
  }

  /** Shows {@code n} on the next page. */
  void notice(Notice n) {
    notice = n;
  }

  /** The notice to show now, once. */
  Notice takeNotice() {
    Notice n = notice;
    notice = null;
    return n;
  }

  void export(VerifiedExport e) {
    export = e;
  }

  /** The last export this session ran, if it is of {@code requestId}; else null. */
  VerifiedExport export(String requestId) {
    VerifiedExport e = export;
    return e != null && e.requestId().equals(requestId) ? e : null;
  }

  /** The audit trail's filter (non-personal values and a customer's tag only). */
  AuditFilter auditFilter() {
    return auditFilter;
  }

  void auditFilter(AuditFilter f) {
    auditFilter = Objects.requireNonNull(f, "f");
  }

  @Override
  public String toString() {
    return "ConsoleSession[" + principal + "]";
  }
}
