package io.cdrvault.store.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One access decision as it is written to the ledger. Holds no plaintext CPNI: the subject is the
 * customer's keyed pseudonym (hex), never the customer id.
 *
 * <p>Immutable and thread-safe. Nullable: {@code purpose}, {@code subject}, {@code from},
 * {@code to}, {@code caseRef}, {@code resultCount}.
 *
 * @param time when the decision was made
 * @param principal the principal's name ({@code anonymous} when authentication failed)
 * @param purpose the purpose asked for, as sent (null if none was sent)
 * @param operation short fixed operation name ({@code usage}, {@code records}, ...)
 * @param subject keyed pseudonym of the customer in scope, hex
 * @param from start of the time window asked for
 * @param to end (exclusive) of the time window asked for
 * @param fields the field names granted (empty when denied)
 * @param outcome {@code ALLOWED} or {@code DENIED}
 * @param rule the rule that decided ({@code purpose-allowed}, {@code role-lacks-purpose}, ...)
 * @param caseRef case or legal-request reference, when given
 * @param resultCount number of records returned, when known at decision time
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
    Long resultCount) {

  public static final String ALLOWED = "ALLOWED";
  public static final String DENIED = "DENIED";

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(rule, "rule");
    fields = List.copyOf(fields);
    if (!outcome.equals(ALLOWED) && !outcome.equals(DENIED)) {
      throw new IllegalArgumentException("outcome must be ALLOWED or DENIED");
    }
  }
}
