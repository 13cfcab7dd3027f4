package io.cdrvault.store.access;

import io.cdrvault.store.model.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks to do: read {@code scope} for {@code purpose} through {@code operation}
 * (a short fixed name such as {@code usage} or {@code records}), optionally under a case reference
 * and with the customer a verified authentication assertion names (CUSTOMER_ACCESS).
 *
 * <p>Immutable and thread-safe.
 *
 * @param assertedCustomer the customer named by an authentication assertion the caller already
 *     verified (signature, expiry); empty when none was presented
 */
public record AccessRequest(Principal principal, Purpose purpose, AccessScope scope,
    String operation, Optional<String> caseRef, Optional<CustomerId> assertedCustomer) {
  public AccessRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(caseRef, "caseRef");
    Objects.requireNonNull(assertedCustomer, "assertedCustomer");
  }

  /** A request without an authentication assertion. */
  public AccessRequest(Principal principal, Purpose purpose, AccessScope scope, String operation,
      Optional<String> caseRef) {
    this(principal, purpose, scope, operation, caseRef, Optional.empty());
  }
}
