package io.cdrvault.store.errors;

import java.util.Objects;

/**
 * A failure that may succeed if retried (a full disk, a transient I/O error, a broker away).
 * The ingest loop reacts by retrying the same batch without committing offsets; {@link #kind()}
 * says why (a metric tag from a small fixed set).
 */
public class RetriableException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** Why a retriable failure happened. */
  public enum Kind {
    /** The disk is (nearly) full: below the store's minimum free space, or the file system said no space. */
    DISK_FULL("disk-full"),
    /** Another I/O error. */
    IO("io"),
    /** Anything else (busy, timed out, interrupted, injected in tests). */
    OTHER("other");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** A short lowercase code, usable as a metric tag. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public RetriableException(String message) {
    this(Kind.OTHER, message, null);
  }

  public RetriableException(String message, Throwable cause) {
    this(Kind.OTHER, message, cause);
  }

  /** A retriable failure of a known kind; {@code cause} may be null. */
  public RetriableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Why it failed; never null. */
  public Kind kind() {
    return kind;
  }
}
