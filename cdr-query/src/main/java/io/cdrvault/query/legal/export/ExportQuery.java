package io.cdrvault.query.legal.export;

import java.util.Objects;

/**
 * How the records of an export package were obtained, as recorded in the manifest's {@code query}
 * member: the purpose and operation the policy engine decided, the principal who ran the export,
 * the kind of scope read and the audit entry that recorded the decision.
 *
 * <p>Immutable and thread-safe; all components non-null.
 *
 * @param decisionAuditSequence sequence number of the audit entry of the allowing decision
 */
public record ExportQuery(String purpose, String operation, String principal, String scopeKind,
    long decisionAuditSequence) {
  public ExportQuery {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(scopeKind, "scopeKind");
    if (decisionAuditSequence < 1) {
      throw new IllegalArgumentException("decisionAuditSequence must be positive");
    }
  }
}
