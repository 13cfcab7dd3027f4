package io.cdrvault.store.crypto;

import io.cdrvault.store.errors.CdrVaultException;

/**
 * A wrapped data key could not be unwrapped (wrong or missing KEK, damaged entry) or created.
 * The message names the KEK version and the kind of problem, never a customer or key material.
 */
public class DataKeyException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public DataKeyException(String message) {
    super(message);
  }

  public DataKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
