package io.cdrvault.store.rocks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link RocksCdrStore}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dataDir the store's data directory; RocksDB lives in {@code dataDir/rocksdb}
 * @param syncWrites fsync the WAL on every record batch. Off by default: a batch and its offsets
 *     are atomic either way, so a power loss can only lose whole batches, which are re-consumed
 *     from the stored offsets. The audit ledger always syncs.
 * @param dekCacheSize how many unwrapped data keys (one per customer and month) to cache
 */
public record StoreSettings(Path dataDir, boolean syncWrites, int dekCacheSize) {

  /** Default size of the data-key cache. */
  public static final int DEFAULT_DEK_CACHE_SIZE = 10_000;

  public StoreSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    if (dekCacheSize < 1) {
      throw new IllegalArgumentException("dekCacheSize must be >= 1");
    }
  }

  /** Defaults: no sync per record batch, {@value #DEFAULT_DEK_CACHE_SIZE} cached data keys. */
  public static StoreSettings defaults(Path dataDir) {
    return new StoreSettings(dataDir, false, DEFAULT_DEK_CACHE_SIZE);
  }

  /** The RocksDB directory inside the data directory. */
  public Path rocksDir() {
    return dataDir.resolve("rocksdb");
  }
}
