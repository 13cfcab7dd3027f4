package io.cdrvault.store.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry's content as it is written to the ledger: an access decision ({@code ALLOWED} /
 * {@code DENIED}), or the completion of an allowed read ({@code COMPLETED}: how many records were
 * returned, linked to its decision). Holds no plaintext CPNI: subjects are keyed pseudonyms (hex),
 * never customer ids or numbers.
 *
 * <p>Immutable and thread-safe. Nullable: {@code purpose}, {@code subject}, {@code from},
 * {@code to}, {@code caseRef}, {@code resultCount}, {@code scopeKind}, {@code decisionSequence}.
 *
 * @param time when the decision was made
 * @param principal the principal's name ({@code anonymous} when authentication failed)
 * @param purpose the purpose asked for when it names one, {@code UNKNOWN} when the caller sent
 *     other text, null if none was sent
 * @param operation short fixed operation name ({@code usage}, {@code records}, ...)
 * @param subject keyed pseudonym (hex) of the scope's target: the customer's tag for a customer
 *     scope, the number's blind index for a number scope, for a prefix scope the prefix itself
 *     when at most 4 characters (not personal data), else its first 4 characters, {@code ~} and
 *     a keyed tag of the whole prefix; null for all customers
 * @param caseRef case or legal-request reference, when given: legal request and hold ids
 *     verbatim, any other reference as {@code case~} and its keyed tag
 * @param from start of the time window asked for
 * @param to end (exclusive) of the time window asked for
 * @param fields the field names granted (empty when denied)
 * @param outcome {@code ALLOWED}, {@code DENIED} or {@code COMPLETED}
 * @param rule the rule that decided ({@code purpose-allowed}, {@code role-lacks-purpose}, ...)
 * @param resultCount number of records returned (completion entries); for an aggregated
 *     anonymous denial (principal {@code anonymous}, no purpose) how many requests it counts
 * @param scopeKind kind of scope target ({@code customer}, {@code number}, {@code prefix},
 *     {@code all}); null in entries written before it existed, which are customer scopes
 * @param decisionSequence for a completion: the sequence of the decision it completes
 * @param subjects for a completion: the tags of the customers whose records were returned when
 *     the scope was not one customer (empty otherwise); a read over many customers has several
 *     completion entries (chunks, rule {@code in-progress}, then the last with the count), each
 *     listing at most {@code PolicyEngine.SUBJECTS_PER_ENTRY} tags
 */
public record AuditEvent(
    Instant time,
    String principal,
    String purpose,
    String operation,
    String subject,
    Instant from,
    Instant to,
    List<String> fields,
    String outcome,
    String rule,
    String caseRef,
    Long resultCount,
    String scopeKind,
    Long decisionSequence,
    List<String> subjects) {

  public static final String ALLOWED = "ALLOWED";
  public static final String DENIED = "DENIED";
  public static final String COMPLETED = "COMPLETED";

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(rule, "rule");
    fields = List.copyOf(fields);
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    if (!outcome.equals(ALLOWED) && !outcome.equals(DENIED) && !outcome.equals(COMPLETED)) {
      throw new IllegalArgumentException("outcome must be ALLOWED, DENIED or COMPLETED");
    }
    if (outcome.equals(COMPLETED) != (decisionSequence != null)) {
      throw new IllegalArgumentException("exactly the COMPLETED entries link to a decision");
    }
  }

  /** A decision entry (no completion fields). */
  public AuditEvent(Instant time, String principal, String purpose, String operation,
      String subject, Instant from, Instant to, List<String> fields, String outcome, String rule,
      String caseRef, Long resultCount) {
    this(time, principal, purpose, operation, subject, from, to, fields, outcome, rule, caseRef,
        resultCount, null, null, List.of());
  }

  /** True for an {@code ALLOWED} or {@code DENIED} decision. */
  public boolean isDecision() {
    return !outcome.equals(COMPLETED);
  }
}
