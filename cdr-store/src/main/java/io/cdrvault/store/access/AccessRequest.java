package io.cdrvault.store.access;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks to do: read {@code scope} for {@code purpose} through {@code operation}
 * (a short fixed name such as {@code usage} or {@code records}), optionally under a case reference.
 *
 * <p>Immutable and thread-safe.
 */
public record AccessRequest(
    Principal principal, Purpose purpose, AccessScope scope, String operation, Optional<String> caseRef) {
  public AccessRequest {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(caseRef, "caseRef");
  }
}
