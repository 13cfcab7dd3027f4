package io.cdrvault.store;

/**
 * A failure that may succeed if retried (a full disk, a transient I/O error, a broker away).
 * The ingest loop reacts by retrying the same batch without committing offsets.
 */
public class RetriableException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  public RetriableException(String message) {
    super(message);
  }

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
