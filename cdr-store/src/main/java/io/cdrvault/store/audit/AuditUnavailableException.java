package io.cdrvault.store.audit;

import io.cdrvault.store.errors.CdrVaultException;

/** The ledger could not record a decision; the read it was for must fail (fail closed). */
public class AuditUnavailableException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
