package io.cdrvault.store.audit;

import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.BackupAction;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.KeyAction;
import io.cdrvault.store.audit.AuditEvent.LifecycleAction;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditEvent.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The members an entry has in the ledger (docs/audit.md): the one flat form every kind of
 * {@link AuditEvent} is written in, unchanged since entries were first written, so the entries
 * of every version keep their bytes and hashes. {@link #of} gives an event's form; {@link #event}
 * reads a form back as the kind it was written from, and refuses a form that no kind writes
 * (reading it as any kind would change its bytes, so its hash could not be checked).
 *
 * <p>Immutable and thread-safe. Nullable: {@code purpose}, {@code subject}, {@code from},
 * {@code to}, {@code caseRef}, {@code resultCount}, {@code scopeKind}, {@code decisionSeq}.
 */
record LedgerForm(Instant time, String principal, String purpose, String operation,
    String subject, Instant from, Instant to, List<String> fields, String outcome, String rule,
    String caseRef, Long resultCount, String scopeKind, Long decisionSeq, List<String> subjects) {

  private static final String KEK_PREFIX = "kek-v";

  LedgerForm {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(rule, "rule");
    fields = List.copyOf(fields);
    subjects = List.copyOf(subjects);
  }

  /** The ledger form of {@code e}. */
  static LedgerForm of(AuditEvent e) {
    Objects.requireNonNull(e, "event");
    if (e instanceof Decision d) {
      return scoped(d.time(), d.principal(), d.purpose(), d.operation(), d.scope(), d.fields(),
          d.outcome(), d.rule(), d.caseRef(), null, null, List.of());
    }
    if (e instanceof Completion c) {
      return scoped(c.time(), c.principal(), c.purpose(), c.operation(), c.scope(), List.of(),
          Outcome.COMPLETED, c.rule(), c.caseRef(), c.resultCount(), c.decisionSequence(),
          c.subjects());
    }
    if (e instanceof AnonymousRefusals a) {
      return scoped(a.time(), AuditEvent.ANONYMOUS, null, a.operation(),
          new Scope(null, null, a.from(), a.to()), List.of(), Outcome.DENIED, a.rule(), null,
          a.count(), null, List.of());
    }
    if (e instanceof KeyAction k) {
      return scoped(k.time(), k.principal(), null, k.operation(), Scope.NONE,
          k.kekVersion() == null ? List.of() : List.of(KEK_PREFIX + k.kekVersion()), k.outcome(),
          k.rule(), null, k.dataKeys(), null, List.of());
    }
    if (e instanceof BackupAction b) {
      return scoped(b.time(), b.principal(), null, b.operation(), Scope.NONE, List.of(),
          Outcome.ALLOWED, b.rule(), null, b.backupId() == null ? null : (long) b.backupId(),
          null, List.of());
    }
    LifecycleAction l = (LifecycleAction) e;
    return scoped(l.time(), l.principal(), null, l.operation(), l.scope(), List.of(),
        Outcome.ALLOWED, l.rule(), l.caseRef(), l.count(), null, List.of());
  }

  private static LedgerForm scoped(Instant time, String principal, String purpose,
      String operation, Scope s, List<String> fields, Outcome outcome, String rule, String caseRef,
      Long resultCount, Long decisionSeq, List<String> subjects) {
    return new LedgerForm(time, principal, purpose, operation, s.subject(), s.from(), s.to(),
        fields, outcome.name(), rule, caseRef, resultCount, s.kind(), decisionSeq, subjects);
  }

  /**
   * The event this form was written from.
   *
   * @throws IllegalArgumentException if no kind of event has this form
   */
  AuditEvent event() {
    AuditEvent e = classify();
    if (!of(e).equals(this)) {
      throw new IllegalArgumentException("an entry of operation '" + operation
          + "' matches no kind of audit event");
    }
    return e;
  }

  private AuditEvent classify() {
    Outcome o;
    try {
      o = Outcome.valueOf(outcome);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outcome must be ALLOWED, DENIED or COMPLETED");
    }
    Scope scope = new Scope(scopeKind, subject, from, to);
    if (o == Outcome.COMPLETED) {
      if (decisionSeq == null) {
        throw new IllegalArgumentException("a COMPLETED entry links to its decision");
      }
      return new Completion(time, principal, purpose, operation, scope, rule, caseRef,
          resultCount, decisionSeq, subjects);
    }
    if (decisionSeq != null) {
      throw new IllegalArgumentException("only COMPLETED entries link to a decision");
    }
    if (purpose == null && operation.startsWith("keys.") && resultCount != null) {
      return new KeyAction(time, principal, operation, o, rule, kekVersion(), resultCount);
    }
    if (purpose == null && operation.startsWith("backup.") && o == Outcome.ALLOWED) {
      return new BackupAction(time, principal, operation, rule, backupId());
    }
    if (purpose == null && o == Outcome.ALLOWED && (operation.startsWith("hold.")
        || operation.startsWith("erasure.") || operation.startsWith("retention."))) {
      return new LifecycleAction(time, principal, operation, scope, rule, caseRef, resultCount);
    }
    if (resultCount != null && principal.equals(AuditEvent.ANONYMOUS) && purpose == null
        && o == Outcome.DENIED && from != null && to != null && resultCount > 0) {
      return new AnonymousRefusals(time, operation, rule, resultCount, from, to);
    }
    return new Decision(time, principal, purpose, operation, scope, fields, o, rule, caseRef);
  }

  private Integer kekVersion() {
    if (fields.isEmpty()) {
      return null;
    }
    String f = fields.get(0);
    if (fields.size() == 1 && f.startsWith(KEK_PREFIX) && f.length() > KEK_PREFIX.length()
        && f.length() <= KEK_PREFIX.length() + 9
        && f.substring(KEK_PREFIX.length()).chars().allMatch(c -> c >= '0' && c <= '9')) {
      int v = Integer.parseInt(f.substring(KEK_PREFIX.length()));
      if (v >= 1) {
        return v;
      }
    }
    throw new IllegalArgumentException("a key action names one KEK version");
  }

  private Integer backupId() {
    if (resultCount == null) {
      return null;
    }
    if (resultCount < Integer.MIN_VALUE || resultCount > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("backup id out of range");
    }
    return resultCount.intValue();
  }
}
