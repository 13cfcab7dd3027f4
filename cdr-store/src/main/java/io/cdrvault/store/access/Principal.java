package io.cdrvault.store.access;

import io.cdrvault.store.model.CustomerId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated caller: a name (opaque, not personal data — e.g. {@code billing-job}), its roles
 * and, for a customer's own portal principal, the customer it authenticated as.
 *
 * <p>Immutable and thread-safe.
 */
public record Principal(String name, Set<String> roles, Optional<CustomerId> customer) {

  /** The pseudo-principal used to audit requests that failed to authenticate. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(), Optional.empty());

  public Principal {
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(customer, "customer");
    if (name.isBlank()) {
      throw new IllegalArgumentException("principal name must not be blank");
    }
  }

  @Override
  public String toString() {
    return "Principal[" + name + " roles=" + roles + (customer.isPresent() ? " customer=***" : "") + "]";
  }
}
