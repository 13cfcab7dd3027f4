package io.cdrvault.store.lifecycle;

import io.cdrvault.store.errors.CdrVaultException;
import java.time.Instant;

/**
 * A read of a customer whose records were erased: their data keys are destroyed, so the store
 * answers "erased" instead of returning nothing or garbage. Names no customer.
 */
public final class CustomerErasedException extends CdrVaultException {
  private static final long serialVersionUID = 1L;
  private final Instant erasedAt;

  public CustomerErasedException(Instant erasedAt) {
    super("the customer's records were erased at " + erasedAt);
    this.erasedAt = erasedAt;
  }

  /** When the erasure destroyed the customer's keys. */
  public Instant erasedAt() {
    return erasedAt;
  }
}
