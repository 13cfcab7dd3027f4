package io.cdrvault.store.access;

import java.util.Objects;

/** The outcome of a policy decision; always already audited when returned. */
public sealed interface Decision permits Decision.Allowed, Decision.Denied {

  /** Sequence number of the audit entry recording this decision. */
  long auditSequence();

  /** The request is allowed; read with the grant. */
  record Allowed(AccessGrant grant) implements Decision {
    public Allowed {
      Objects.requireNonNull(grant, "grant");
    }

    @Override
    public long auditSequence() {
      return grant.auditSequence();
    }
  }

  /**
   * The request is refused. {@code rule} is a short stable identifier of the rule that refused it
   * (e.g. {@code role-lacks-purpose}, {@code purpose-not-supported}, {@code customer-mismatch},
   * {@code unauthenticated}); {@code reason} is a human sentence without personal data.
   */
  record Denied(String rule, String reason, long auditSequence) implements Decision {
    public Denied {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
