package io.cdrvault.store.crypto.x509;

import io.cdrvault.store.errors.CdrVaultException;

/**
 * A key, certificate or CRL file could not be read, parsed or written, or a certificate could not
 * be issued. The message names the file and what was expected, never a password or key material.
 */
public class X509MaterialException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public X509MaterialException(String message) {
    super(message);
  }

  public X509MaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
