package io.cdrvault.store.model.json;

import io.cdrvault.store.CdrVaultException;

/** A canonical-json object is malformed; the message names the field, never its value. */
public class CanonicalJsonException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public CanonicalJsonException(String message) {
    super(message);
  }

  public CanonicalJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
