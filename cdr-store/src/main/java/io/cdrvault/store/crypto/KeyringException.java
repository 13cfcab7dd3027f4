package io.cdrvault.store.crypto;

import io.cdrvault.store.errors.CdrVaultException;

/**
 * The keystore could not be opened or lacks a key. The message names the file, type and alias,
 * never a password or key material.
 */
public class KeyringException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public KeyringException(String message) {
    super(message);
  }

  public KeyringException(String message, Throwable cause) {
    super(message, cause);
  }
}
