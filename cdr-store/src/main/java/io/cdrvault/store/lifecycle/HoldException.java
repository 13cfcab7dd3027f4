package io.cdrvault.store.lifecycle;

import io.cdrvault.store.errors.CdrVaultException;

/** A hold operation that cannot be done; the message names the hold id, never a target. */
public final class HoldException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason { UNKNOWN, NOT_ACTIVE }

  private final Reason reason;

  public HoldException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
