package io.cdrvault.store.consent;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.Objects;

/** A consent version that may not be recorded, for a stated {@link Reason}; names no customer. */
public final class ConsentException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** Why a version was refused. */
  public enum Reason {
    /** An approval dated before it was recorded, or an opt-out dated after. */
    TIMING,
    /** The note is too long or holds control characters. */
    NOTE
  }

  private final Reason reason;

  public ConsentException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
