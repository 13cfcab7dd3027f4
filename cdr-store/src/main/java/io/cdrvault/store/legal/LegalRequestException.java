package io.cdrvault.store.legal;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.Objects;

/**
 * A registry operation refused for a stated {@link Reason}. The message names the request id
 * (an opaque random id) and the reason, never a target or case number.
 */
public final class LegalRequestException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** Why an operation was refused. */
  public enum Reason {
    /** No request has that id. */
    UNKNOWN,
    /** Two-person rule: the approver is the person who registered it. */
    SAME_PRINCIPAL,
    /** The request is not awaiting approval (already approved, or revoked). */
    NOT_PENDING,
    /** The request's expiry instant has passed. */
    EXPIRED,
    /** The request was already revoked. */
    ALREADY_REVOKED
  }

  private final Reason reason;

  public LegalRequestException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
