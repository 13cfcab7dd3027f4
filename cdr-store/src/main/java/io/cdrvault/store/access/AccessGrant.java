package io.cdrvault.store.access;

import io.cdrvault.store.model.CdrField;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The capability to read plaintext: minted only by {@link PolicyEngine} after the decision was
 * written to the audit ledger. The store's plaintext read methods take one and read only within
 * its scope; callers project records to {@link #fields()}.
 *
 * <p>Immutable and thread-safe. The constructor is package-private on purpose: nothing outside
 * {@code store.access} can create a grant (an architecture test enforces it).
 */
public final class AccessGrant {
  private final Principal principal;
  private final Purpose purpose;
  private final AccessScope scope;
  private final Set<CdrField> fields;
  private final Optional<String> caseRef;
  private final long auditSequence;

  AccessGrant(Principal principal, Purpose purpose, AccessScope scope, Set<CdrField> fields,
      Optional<String> caseRef, long auditSequence) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.fields = Set.copyOf(fields);
    this.caseRef = Objects.requireNonNull(caseRef, "caseRef");
    this.auditSequence = auditSequence;
  }

  public Principal principal() { return principal; }
  public Purpose purpose() { return purpose; }
  public AccessScope scope() { return scope; }
  /** The fields this purpose may see (minimum necessary). */
  public Set<CdrField> fields() { return fields; }
  public Optional<String> caseRef() { return caseRef; }
  /** Sequence number of the audit entry that recorded this grant. */
  public long auditSequence() { return auditSequence; }

  @Override
  public String toString() {
    return "AccessGrant[" + principal.name() + " " + purpose + " audit#" + auditSequence + "]";
  }
}
