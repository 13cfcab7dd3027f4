package io.cdrvault.store.access;

import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The capability to read plaintext: minted only by {@link PolicyEngine} after the decision was
 * written to the audit ledger. The store's plaintext read methods take one and return only records
 * the grant {@link #admits admits}, each {@linkplain #project projected} to {@link #fields()} (a
 * {@link GrantedCdr} answers for no other field); callers report what they returned with
 * {@link PolicyEngine#complete}.
 *
 * <p>Immutable and thread-safe. The constructor is package-private on purpose: nothing outside
 * {@code store.access} can create a grant (an architecture test enforces it).
 */
public final class AccessGrant {
  private final Principal principal;
  private final Purpose purpose;
  private final String operation;
  private final AccessScope scope;
  private final Set<CdrField> fields;
  private final EnumSet<CdrField> fieldSet;
  private final Optional<String> caseRef;
  private final Optional<LegalRequest> legalRequest;
  private final Predicate<CustomerId> customerCondition;
  private final long auditSequence;

  AccessGrant(Principal principal, Purpose purpose, String operation, AccessScope scope,
      Set<CdrField> fields, Optional<String> caseRef, Optional<LegalRequest> legalRequest,
      Predicate<CustomerId> customerCondition, long auditSequence) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.fields = Set.copyOf(fields);
    this.fieldSet = fields.isEmpty() ? EnumSet.noneOf(CdrField.class) : EnumSet.copyOf(fields);
    this.caseRef = Objects.requireNonNull(caseRef, "caseRef");
    this.legalRequest = Objects.requireNonNull(legalRequest, "legalRequest");
    this.customerCondition = Objects.requireNonNull(customerCondition, "customerCondition");
    this.auditSequence = auditSequence;
  }

  public Principal principal() { return principal; }
  public Purpose purpose() { return purpose; }
  /** The operation the grant was decided for ({@code usage}, {@code records}, ...). */
  public String operation() { return operation; }
  public AccessScope scope() { return scope; }
  /** The fields this purpose may see (minimum necessary). */
  public Set<CdrField> fields() { return fields; }
  public Optional<String> caseRef() { return caseRef; }
  /** For {@link Purpose#LEGAL_PROCESS}: the approved request the grant was decided under. */
  public Optional<LegalRequest> legalRequest() { return legalRequest; }
  /** Sequence number of the audit entry that recorded this grant. */
  public long auditSequence() { return auditSequence; }

  /**
   * Whether a customer's records may be returned at all under this grant: always true except where
   * a condition is checked per customer at read time (MARKETING: the customer's consent state).
   */
  public boolean admitsCustomer(CustomerId customer) {
    return customerCondition.test(customer);
  }

  /**
   * Whether the record may be returned: it lies in the scope (target and window) and its customer
   * is admitted. Stores check this for every record they return.
   */
  public boolean admits(CustomerCdr r) {
    return scope.covers(r) && customerCondition.test(r.customer());
  }

  /**
   * The record as this grant may see it: only {@link #fields()} answer. Stores call this for every
   * record they return (after {@link #admits}).
   */
  public GrantedCdr project(CustomerCdr r) {
    return new GrantedCdr(r, fieldSet, purpose);
  }

  /** As {@link #admits(CustomerCdr)}, for a record already projected by this store. */
  public boolean admits(GrantedCdr r) {
    return admits(r.record());
  }

  @Override
  public String toString() {
    return "AccessGrant[" + principal.name() + " " + purpose + " " + operation + " audit#"
        + auditSequence + "]";
  }
}
