package io.cdrvault.store.compliance;

import io.cdrvault.store.errors.CdrVaultException;

/** A compliance register refused a change; the message names ids and fields, never free text. */
public final class ComplianceException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No breach has the id. */
    UNKNOWN,
    /** The change is not consistent with the breach (e.g. customers told before law enforcement). */
    CONFLICT
  }

  private final Reason reason;

  public ComplianceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
