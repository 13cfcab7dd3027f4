package io.cdrvault.store.crypto;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * An unwrapped data key for one (customer, month), opaque outside this package so that callers can
 * hold and pass it without touching key material.
 *
 * <p>Immutable and thread-safe; prints no key material.
 */
public final class DataKey {
  private final DekId id;
  private final int version;
  private final SecretKey key;

  DataKey(DekId id, int version, SecretKey key) {
    this.id = Objects.requireNonNull(id, "id");
    this.version = version;
    this.key = Objects.requireNonNull(key, "key");
  }

  public DekId id() {
    return id;
  }

  /** The data-key version written into every value sealed with it. */
  public int version() {
    return version;
  }

  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "DataKey[" + id + " v" + version + "]";
  }
}
