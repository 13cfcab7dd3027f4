package io.cdrvault.store.testing;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.KeyAction;
import io.cdrvault.store.audit.AuditEvent.LifecycleAction;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditEvent.Scope;
import java.time.Instant;
import java.util.List;

/**
 * Ledger events for tests that write the audit ledger directly, timed from {@link #T}, and what
 * an entry of any kind records in the ledger's members, for tests that look at entries of mixed
 * kinds.
 */
public final class AuditEvents {
  /** The time the events' seconds count from. */
  public static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

  private AuditEvents() {}

  /** A {@code records} decision at {@code T + s}: allowed (field {@code start}) or denied. */
  public static Decision decision(long s, String principal, String purpose, String subject,
      String kind, Outcome outcome, String caseRef) {
    boolean allowed = outcome == Outcome.ALLOWED;
    return new Decision(T.plusSeconds(s), principal, purpose, "records",
        new Scope(kind, subject, null, null), allowed ? List.of("start") : List.of(), outcome,
        allowed ? "purpose-allowed" : "role-lacks-purpose", caseRef);
  }

  /** A completion of {@code decision} at {@code T + s} under {@code rule}. */
  public static Completion completion(long s, AuditEntry decision, Long count, String rule,
      List<String> subjects) {
    Decision d = decision.event(Decision.class);
    return new Completion(T.plusSeconds(s), d.principal(), d.purpose(), d.operation(),
        new Scope(d.scope().kind(), d.scope().subject(), null, null), rule, d.caseRef(), count,
        decision.sequence(), subjects);
  }

  /** The scope's subject of a decision, completion or lifecycle action; else null. */
  public static String subject(AuditEvent e) {
    if (e instanceof Decision d) {
      return d.scope().subject();
    }
    if (e instanceof Completion c) {
      return c.scope().subject();
    }
    if (e instanceof LifecycleAction l) {
      return l.scope().subject();
    }
    return null;
  }

  /** The case reference of a decision, completion or lifecycle action; else null. */
  public static String caseRef(AuditEvent e) {
    if (e instanceof Decision d) {
      return d.caseRef();
    }
    if (e instanceof Completion c) {
      return c.caseRef();
    }
    if (e instanceof LifecycleAction l) {
      return l.caseRef();
    }
    return null;
  }

  /**
   * The count the ledger's {@code resultCount} member holds for the entry: records returned, or
   * what an aggregated refusal, key, backup or lifecycle action counts; else null.
   */
  public static Long resultCount(AuditEvent e) {
    if (e instanceof Completion c) {
      return c.resultCount();
    }
    if (e instanceof AnonymousRefusals a) {
      return a.count();
    }
    if (e instanceof KeyAction k) {
      return k.dataKeys();
    }
    if (e instanceof AuditEvent.BackupAction b) {
      return b.backupId() == null ? null : (long) b.backupId();
    }
    if (e instanceof LifecycleAction l) {
      return l.count();
    }
    return null;
  }
}
