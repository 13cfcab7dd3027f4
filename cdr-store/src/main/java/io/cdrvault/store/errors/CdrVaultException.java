package io.cdrvault.store.errors;

/**
 * Root of cdrvault's unchecked exception hierarchy.
 *
 * <p>Messages name positions and kinds (for example {@code field 'start' of asterisk-csv line 12}),
 * never values: an exception message must never carry a phone number, customer id, IP or payload.
 * Adapters translate library exceptions ({@code RocksDBException}, {@code GeneralSecurityException},
 * Kafka errors) into this hierarchy once, keeping the cause.
 */
public class CdrVaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CdrVaultException(String message) {
    super(message);
  }

  public CdrVaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
