package io.cdrvault.bench.support;

import io.cdrvault.store.crypto.WrappedKeyStorage;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrapped data keys held in memory, for benchmarks that exercise sealing without RocksDB.
 * Thread-safe.
 */
public final class MemoryKeyStorage implements WrappedKeyStorage {
  private final Map<ByteBuffer, byte[]> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(entries.get(ByteBuffer.wrap(key.clone())));
  }

  @Override
  public void putAll(Map<byte[], byte[]> toStore) {
    toStore.forEach((k, v) -> entries.put(ByteBuffer.wrap(k.clone()), v.clone()));
  }

  @Override
  public void delete(Collection<byte[]> keys) {
    keys.forEach(k -> entries.remove(ByteBuffer.wrap(k.clone())));
  }

  @Override
  public List<Map.Entry<byte[], byte[]>> entriesAfter(byte[] afterKey, int limit) {
    ByteBuffer after = afterKey == null ? null : ByteBuffer.wrap(afterKey.clone());
    // ByteBuffer compares bytes signed; data-key storage keys are compared unsigned elsewhere, but
    // paging only needs one consistent order, which this is
    return new TreeMap<>(entries).entrySet().stream()
        .filter(e -> after == null || e.getKey().compareTo(after) > 0)
        .limit(limit)
        .map(e -> Map.entry(e.getKey().array().clone(), e.getValue().clone()))
        .toList();
  }
}
