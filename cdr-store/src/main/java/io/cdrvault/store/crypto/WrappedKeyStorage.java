package io.cdrvault.store.crypto;

import java.util.Map;
import java.util.Optional;

/**
 * Where wrapped data keys live (the store's {@code keys} column family), seen from the crypto
 * package without importing the storage engine. Keys and values are opaque byte strings.
 *
 * <p>Implementations are thread-safe.
 */
public interface WrappedKeyStorage {

  /** The stored value under {@code key}, if any. */
  Optional<byte[]> get(byte[] key);

  /** Writes all entries durably in one atomic write. */
  void putAll(Map<byte[], byte[]> entries);
}
