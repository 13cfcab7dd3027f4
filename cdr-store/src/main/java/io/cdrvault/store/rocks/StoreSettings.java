package io.cdrvault.store.rocks;

import java.nio.file.Path;

/**
 * Settings of a {@link RocksCdrStore}: the {@code store.} keys it uses, declared (with their
 * defaults, which live here as constants, and validators) in {@link StoreConfig#DEF} and built from
 * a parsed config by {@link StoreConfig#settings}; values given in code pass the same validators.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dataDir the store's data directory; RocksDB lives in {@code dataDir/rocksdb}, the key
 *     database in {@code dataDir/keydb}
 * @param syncWrites fsync the WAL on every record batch. Off by default: a batch and its offsets
 *     are atomic either way, so a power loss can only lose whole batches, which are re-consumed
 *     from the stored offsets. The audit ledger always syncs.
 * @param dekCacheSize how many unwrapped data keys (one per customer and month) to cache
 * @param minFreeDiskBytes usable space the data directory's file system must have before each
 *     record batch; below it the write fails as retriable (kind disk-full) and nothing is written,
 *     so ingest pauses instead of filling the disk. 0 disables the check.
 */
public record StoreSettings(Path dataDir, boolean syncWrites, int dekCacheSize, long minFreeDiskBytes) {

  /** Default size of the data-key cache. */
  public static final int DEFAULT_DEK_CACHE_SIZE = 10_000;
  /** Default minimum free disk space: 256 MiB. */
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 256L * 1024 * 1024;

  public StoreSettings {
    // the declared validators of these keys, so code and config files accept the same values
    StoreConfig.DEF.requireValid(StoreConfig.DATA_DIR, dataDir);
    StoreConfig.DEF.requireValid(StoreConfig.DEK_CACHE_SIZE, dekCacheSize);
    StoreConfig.DEF.requireValid(StoreConfig.MIN_FREE_DISK_BYTES, minFreeDiskBytes);
  }

  /** Settings with the default minimum free disk space ({@value #DEFAULT_MIN_FREE_DISK_BYTES} bytes). */
  public StoreSettings(Path dataDir, boolean syncWrites, int dekCacheSize) {
    this(dataDir, syncWrites, dekCacheSize, DEFAULT_MIN_FREE_DISK_BYTES);
  }

  /**
   * Defaults: no sync per record batch, {@value #DEFAULT_DEK_CACHE_SIZE} cached data keys,
   * {@value #DEFAULT_MIN_FREE_DISK_BYTES} bytes minimum free disk space.
   */
  public static StoreSettings defaults(Path dataDir) {
    return new StoreSettings(dataDir, false, DEFAULT_DEK_CACHE_SIZE, DEFAULT_MIN_FREE_DISK_BYTES);
  }

  /** The same settings with another minimum free disk space. */
  public StoreSettings withMinFreeDiskBytes(long bytes) {
    return new StoreSettings(dataDir, syncWrites, dekCacheSize, bytes);
  }

  /**
   * The key database (wrapped data keys) inside the data directory: a RocksDB of its own, never part
   * of a data backup (see {@link KeyDatabase}).
   */
  public Path keyDbDir() {
    return dataDir.resolve(KeyDatabase.DIR_NAME);
  }

  /** The RocksDB directory inside the data directory. */
  public Path rocksDir() {
    return dataDir.resolve("rocksdb");
  }
}
