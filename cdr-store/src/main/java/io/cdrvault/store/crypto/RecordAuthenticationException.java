package io.cdrvault.store.crypto;

import io.cdrvault.store.errors.CdrVaultException;

/**
 * A sealed value failed authentication: it was altered, moved to another storage key, or sealed
 * under another key. The message names the column family and the kind of position, never data.
 */
public class RecordAuthenticationException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public RecordAuthenticationException(String message) {
    super(message);
  }

  public RecordAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
