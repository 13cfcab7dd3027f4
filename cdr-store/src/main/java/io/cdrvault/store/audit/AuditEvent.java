package io.cdrvault.store.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry's content as it is written to the ledger. A closed family, one kind per thing that is
 * audited; callers build the kind they mean and readers test for the kinds they care about:
 * <ul>
 *   <li>{@link Decision}: a policy decision on a read or an administrative action
 *       ({@code ALLOWED} / {@code DENIED});
 *   <li>{@link Completion}: what an allowed read returned ({@code COMPLETED}), linked to its
 *       decision;
 *   <li>{@link AnonymousRefusals}: refusals of unauthenticated requests, counted per interval;
 *   <li>{@link OperatorAction}s with no purpose: {@link KeyAction} (KEK maintenance),
 *       {@link BackupAction} (backup and restore), {@link LifecycleAction} (holds, erasure,
 *       retention).
 * </ul>
 * Every kind has the same ledger form (docs/audit.md, {@link AuditJson}): the ledger stores the
 * members of that form only, and a stored entry is read back as the kind whose form it is.
 *
 * <p>Holds no plaintext CPNI: subjects are keyed pseudonyms (hex), never customer ids or numbers.
 * All kinds are immutable and thread-safe; slots are non-null unless their kind's javadoc says
 * otherwise.
 */
public sealed interface AuditEvent
    permits AuditEvent.Decision, AuditEvent.Completion, AuditEvent.AnonymousRefusals,
        AuditEvent.OperatorAction {

  /** The principal of entries about unauthenticated requests. */
  String ANONYMOUS = "anonymous";

  /** When it happened. */
  Instant time();

  /** Who acted: a principal or operator name, {@code system:...}, or {@link #ANONYMOUS}. */
  String principal();

  /** Short fixed operation name ({@code usage}, {@code records}, {@code keys.rewrap}, ...). */
  String operation();

  /** The outcome recorded. */
  Outcome outcome();

  /** The rule that decided, or the fixed rule of the action. */
  String rule();

  /** The recorded outcome of an entry; its name is what the ledger stores. */
  enum Outcome {
    /** A decision or action that was allowed. */
    ALLOWED,
    /** A decision or action that was refused. */
    DENIED,
    /** The completion of an allowed read. */
    COMPLETED
  }

  /**
   * What an entry is about: the scope of a read (or of a lifecycle action). Every part may be null:
   * no scope at all (a request refused before its scope was parsed, a billing run's subject),
   * entries written before {@code kind} existed (customer scopes), actions on one customer
   * without a window.
   *
   * @param kind {@code customer}, {@code number}, {@code prefix}, {@code all} for reads;
   *     {@code customer}, {@code month}, {@code hold} for lifecycle actions
   * @param subject keyed pseudonym (hex) of the target: the customer's tag for a customer scope,
   *     the number's blind index for a number scope, for a prefix scope the prefix itself when at
   *     most 4 characters (not personal data), else its first 4 characters, {@code ~} and a keyed
   *     tag of the whole prefix; the legal request id for a legal export; null for all customers
   * @param from start of the window
   * @param to end (exclusive) of the window
   */
  record Scope(String kind, String subject, Instant from, Instant to) {
    /** No scope: every part null. */
    public static final Scope NONE = new Scope(null, null, null, null);

    /** A customer (by tag) without a window. */
    public static Scope customer(String tagHex) {
      return new Scope("customer", Objects.requireNonNull(tagHex, "tagHex"), null, null);
    }
  }

  /**
   * A policy decision: on a read (written before any record is read) or on an administrative
   * action that is not a read (registering a legal request, recording consent, reading the audit
   * trail: no window, scope {@code customer} when it concerns one customer).
   *
   * <p>Nullable: {@code purpose}, {@code caseRef}.
   *
   * @param purpose the purpose asked for when it names one, {@code UNKNOWN} when the caller sent
   *     other text, null if none was sent
   * @param scope the scope asked for ({@link Scope#NONE} when it could not be established)
   * @param fields the field names granted, sorted (empty when denied)
   * @param outcome {@code ALLOWED} or {@code DENIED}
   * @param caseRef case or legal-request reference, when given: legal request and hold ids
   *     verbatim, any other reference as {@code case~} and its keyed tag
   */
  record Decision(Instant time, String principal, String purpose, String operation, Scope scope,
      List<String> fields, Outcome outcome, String rule, String caseRef) implements AuditEvent {
    public Decision {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(scope, "scope");
      fields = List.copyOf(fields);
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(rule, "rule");
      if (outcome == Outcome.COMPLETED) {
        throw new IllegalArgumentException("a decision is ALLOWED or DENIED");
      }
    }

    /** True when allowed. */
    public boolean allowed() {
      return outcome == Outcome.ALLOWED;
    }
  }

  /**
   * What an allowed read returned, linked to its decision. A read over many customers has several
   * completion entries: chunks (rule {@code in-progress}, no count) while it streams, then the last
   * with the count and rule {@code complete} or {@code aborted}; each lists at most
   * {@code PolicyEngine.SUBJECTS_PER_ENTRY} tags.
   *
   * <p>Nullable: {@code purpose}, {@code caseRef}, {@code resultCount}.
   *
   * @param purpose as in the decision completed
   * @param scope as in the decision completed
   * @param caseRef as in the decision completed
   * @param rule {@code complete}, {@code aborted} or {@code in-progress}
   * @param resultCount number of records returned; null in a chunk
   * @param decisionSequence the sequence of the decision it completes
   * @param subjects the tags of the customers whose records were returned when the scope was not
   *     one customer (empty otherwise)
   */
  record Completion(Instant time, String principal, String purpose, String operation, Scope scope,
      String rule, String caseRef, Long resultCount, long decisionSequence,
      List<String> subjects) implements AuditEvent {
    public Completion {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(rule, "rule");
      subjects = List.copyOf(subjects);
    }

    @Override
    public Outcome outcome() {
      return Outcome.COMPLETED;
    }
  }

  /**
   * {@code count} refusals of unauthenticated (or rate-limited) requests for {@code operation}
   * under {@code rule} in the interval {@code from}..{@code to}, written as one entry (principal
   * {@link #ANONYMOUS}, outcome {@code DENIED}, nothing of the requests themselves).
   *
   * @param count how many requests were refused, at least 1
   * @param from start of the interval the refusals fell in
   * @param to end of that interval
   */
  record AnonymousRefusals(Instant time, String operation, String rule, long count, Instant from,
      Instant to) implements AuditEvent {
    public AnonymousRefusals {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1");
      }
    }

    @Override
    public String principal() {
      return ANONYMOUS;
    }

    @Override
    public Outcome outcome() {
      return Outcome.DENIED;
    }
  }

  /**
   * An operator's or the system's action on the store itself, under no purpose; its operation
   * names its area ({@code keys.}, {@code backup.}, {@code hold.}, {@code erasure.},
   * {@code retention.}).
   */
  sealed interface OperatorAction extends AuditEvent
      permits KeyAction, BackupAction, LifecycleAction {}

  /**
   * Key-encryption-key maintenance ({@code keys.rewrap}, {@code keys.retire}).
   *
   * <p>Nullable: {@code kekVersion}.
   *
   * @param kekVersion the KEK version rewrapped to or retired; null in a refused retirement
   * @param dataKeys data keys rewrapped (rewrap), or still wrapped under the version (retirement:
   *     0 when retired, the blocking count when refused)
   */
  record KeyAction(Instant time, String principal, String operation, Outcome outcome, String rule,
      Integer kekVersion, long dataKeys) implements OperatorAction {
    public KeyAction {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(rule, "rule");
      if (outcome == Outcome.COMPLETED) {
        throw new IllegalArgumentException("a key action is ALLOWED or DENIED");
      }
      if (kekVersion != null && kekVersion < 1) {
        throw new IllegalArgumentException("KEK versions start at 1");
      }
      if (dataKeys < 0) {
        throw new IllegalArgumentException("dataKeys must not be negative");
      }
    }
  }

  /**
   * A backup or restore ({@code backup.create}, {@code backup.keys}, {@code backup.restore});
   * always {@code ALLOWED} (it is written before the operation runs).
   *
   * <p>Nullable: {@code backupId}.
   *
   * @param backupId the id of the backup restored; null for backups (their id is not known yet)
   */
  record BackupAction(Instant time, String principal, String operation, String rule,
      Integer backupId) implements OperatorAction {
    public BackupAction {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public Outcome outcome() {
      return Outcome.ALLOWED;
    }
  }

  /**
   * A lifecycle action ({@code hold.*}, {@code erasure.*}, {@code retention.sweep}); always
   * {@code ALLOWED}.
   *
   * <p>Nullable: {@code caseRef}, {@code count}.
   *
   * @param scope what it acted on: a hold's window (kind {@code hold}), a month (kind
   *     {@code month}), a customer's tag (kind {@code customer}, with the deferral window for
   *     {@code erasure.deferred})
   * @param caseRef the hold id for hold actions; the legal request or hold that defers an erasure
   * @param count what the action counted: the hold's targets ({@code hold.create}), the data keys
   *     destroyed ({@code erasure.run}, a month's {@code retention.sweep}), the records deleted
   *     (a type's {@code retention.sweep}); null for the others
   */
  record LifecycleAction(Instant time, String principal, String operation, Scope scope,
      String rule, String caseRef, Long count) implements OperatorAction {
    public LifecycleAction {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public Outcome outcome() {
      return Outcome.ALLOWED;
    }
  }
}
