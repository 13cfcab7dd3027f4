package io.cdrvault.store.crypto;

/**
 * A key-encryption key version cannot be retired because stored data keys are still wrapped under
 * it. The message names the version and the count, nothing else.
 */
public final class KekInUseException extends KeyringException {
  private static final long serialVersionUID = 1L;

  private final int version;
  private final long dataKeys;

  public KekInUseException(int version, long dataKeys) {
    super("key-encryption key version " + version + " still wraps " + dataKeys
        + " data key(s); run 'cdrvault keys rewrap' first");
    this.version = version;
    this.dataKeys = dataKeys;
  }

  /** The KEK version that was to be retired. */
  public int version() {
    return version;
  }

  /** How many stored data keys it still wraps. */
  public long dataKeys() {
    return dataKeys;
  }
}
