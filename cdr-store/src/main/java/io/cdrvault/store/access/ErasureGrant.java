package io.cdrvault.store.access;

import io.cdrvault.store.model.CustomerId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The capability to erase one customer's records (crypto-shredding): what
 * {@code CdrStore.erase} takes, instead of a read grant. It opens no record. Minted only in
 * {@code store.access}: from an allowed, audited CUSTOMER_ACCESS decision for operation
 * {@link Operations#ERASURE} ({@link PolicyEngine#erasure}), or for an operator administering the
 * node's own data directory offline ({@link PolicyEngine#operatorErasure}).
 *
 * <p>Immutable and thread-safe; prints no customer id.
 */
public final class ErasureGrant {
  private final String principal;
  private final CustomerId customer;
  private final OptionalLong decisionSequence;

  ErasureGrant(String principal, CustomerId customer, OptionalLong decisionSequence) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.customer = Objects.requireNonNull(customer, "customer");
    this.decisionSequence = Objects.requireNonNull(decisionSequence, "decisionSequence");
  }

  /** Who asked (audited with every erasure entry). */
  public String principal() {
    return principal;
  }

  /** The customer to erase. */
  public CustomerId customer() {
    return customer;
  }

  /** The audit entry of the decision that allowed it; empty for an operator's offline erasure. */
  public OptionalLong decisionSequence() {
    return decisionSequence;
  }

  @Override
  public String toString() {
    return "ErasureGrant[" + principal + decisionSequence.stream().mapToObj(s -> " audit#" + s)
        .findFirst().orElse(" operator") + "]";
  }
}
