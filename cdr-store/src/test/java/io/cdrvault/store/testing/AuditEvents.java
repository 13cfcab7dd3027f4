package io.cdrvault.store.testing;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.time.Instant;
import java.util.List;

/** Ledger events for tests that write the audit ledger directly, timed from {@link #T}. */
public final class AuditEvents {
  /** The time the events' seconds count from. */
  public static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

  private AuditEvents() {}

  /** A {@code records} decision at {@code T + s}: allowed (field {@code start}) or denied. */
  public static AuditEvent decision(long s, String principal, String purpose, String subject,
      String kind, String outcome, String caseRef) {
    boolean allowed = outcome.equals(AuditEvent.ALLOWED);
    return new AuditEvent(T.plusSeconds(s), principal, purpose, "records", subject, null, null,
        allowed ? List.of("start") : List.of(), outcome,
        allowed ? "purpose-allowed" : "role-lacks-purpose", caseRef, null, kind, null, List.of());
  }

  /** A completion of {@code decision} at {@code T + s} under {@code rule}. */
  public static AuditEvent completion(long s, AuditEntry decision, Long count, String rule,
      List<String> subjects) {
    AuditEvent d = decision.event();
    return new AuditEvent(T.plusSeconds(s), d.principal(), d.purpose(), d.operation(), d.subject(),
        null, null, List.of(), AuditEvent.COMPLETED, rule, d.caseRef(), count, d.scopeKind(),
        decision.sequence(), subjects);
  }
}
