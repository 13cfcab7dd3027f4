package io.cdrvault.bench.support;

import io.cdrvault.store.crypto.WrappedKeyStorage;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
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
}
