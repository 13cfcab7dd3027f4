package io.cdrvault.store.crypto;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where wrapped data keys live (the store's key database, {@code <dataDir>/keydb}), seen from the
 * crypto package without importing the storage engine. Keys and values are opaque byte strings.
 *
 * <p>Implementations are thread-safe. Arrays passed in are not retained; arrays returned are the
 * caller's.
 */
public interface WrappedKeyStorage {

  /** The stored value under {@code key}, if any. */
  Optional<byte[]> get(byte[] key);

  /** Writes all entries durably in one atomic write. */
  void putAll(Map<byte[], byte[]> entries);

  /**
   * Deletes all {@code keys} durably (synced) in one atomic write; absent keys are ignored. This is
   * what crypto-shreds: once it returns, the deleted data keys cannot be read back from this
   * storage.
   */
  void delete(Collection<byte[]> keys);

  /**
   * Up to {@code limit} entries whose key sorts (unsigned, byte-wise) strictly after
   * {@code afterKey} ({@code null}: from the first), in key order. Pages through all entries
   * without holding a snapshot between calls.
   */
  List<Map.Entry<byte[], byte[]>> entriesAfter(byte[] afterKey, int limit);

  /** Calls {@code action} for every entry in key order, paging with {@link #entriesAfter}. */
  default void forEachEntry(BiConsumer<byte[], byte[]> action) {
    byte[] after = null;
    while (true) {
      List<Map.Entry<byte[], byte[]>> page = entriesAfter(after, 1024);
      for (Map.Entry<byte[], byte[]> e : page) {
        action.accept(e.getKey(), e.getValue());
      }
      if (page.size() < 1024) {
        return;
      }
      after = page.get(page.size() - 1).getKey();
    }
  }
}
