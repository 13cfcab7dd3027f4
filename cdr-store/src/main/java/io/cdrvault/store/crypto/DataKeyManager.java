package io.cdrvault.store.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Data keys (DEKs): one random AES-256 key per (customer tag, month), stored wrapped with
 * {@code AES/KWP/NoPadding} under the current KEK as {@code format(1) ‖ kekVersion(4, BE) ‖ wrapped}.
 * Unwrapped keys are kept in a bounded LRU cache.
 *
 * <p>Thread-safe. Creation is serialised so two writers never create two keys for one
 * (customer, month); new keys are persisted before they are handed out, so a record is never
 * sealed under a key that is not on disk (an unused, orphan key is harmless).
 */
public final class DataKeyManager {
  /** Format of a wrapped-key value. */
  static final byte WRAPPED_FORMAT = 1;
  /** Data-key version of keys created by this version (bumped by a future DEK rotation). */
  static final int DEK_VERSION = 1;
  private static final String WRAP = "AES/KWP/NoPadding";

  private final Keyring keyring;
  private final WrappedKeyStorage storage;
  private final Map<DekId, DataKey> cache;
  private final Object createLock = new Object();
  private final SecureRandom random = new SecureRandom();
  /** Bumped (under the cache lock) by every destroy; guarded by {@code cache}. */
  private long destroyGeneration;

  private DataKeyManager(Keyring keyring, WrappedKeyStorage storage, int cacheSize) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.storage = Objects.requireNonNull(storage, "storage");
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be >= 1");
    }
    this.cache = new LinkedHashMap<>(Math.min(cacheSize, 1 << 16), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<DekId, DataKey> eldest) {
        return size() > cacheSize;
      }
    };
  }

  /** A manager over {@code storage} caching at most {@code cacheSize} unwrapped keys. */
  public static DataKeyManager create(Keyring keyring, WrappedKeyStorage storage, int cacheSize) {
    return new DataKeyManager(keyring, storage, cacheSize);
  }

  /**
   * The keys for all {@code ids}, creating and persisting the missing ones first.
   *
   * @throws DataKeyException if a stored key cannot be unwrapped or a new one cannot be stored
   */
  public Map<DekId, DataKey> forWrite(Collection<DekId> ids) {
    Map<DekId, DataKey> out = new HashMap<>();
    Map<DekId, Boolean> missing = new LinkedHashMap<>();
    for (DekId id : ids) {
      DataKey k = cached(id);
      if (k != null) {
        out.put(id, k);
      } else {
        missing.put(id, Boolean.TRUE);
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    synchronized (createLock) {
      Map<byte[], byte[]> toStore = new LinkedHashMap<>();
      Map<DekId, DataKey> created = new HashMap<>();
      for (DekId id : missing.keySet()) {
        Optional<DataKey> existing = load(id);
        if (existing.isPresent()) {
          out.put(id, existing.get());
          continue;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        SecretKey dek = new SecretKeySpec(raw, "AES");
        java.util.Arrays.fill(raw, (byte) 0);
        int kekVersion = keyring.currentKekVersion();
        byte[] wrapped = wrap(dek, kekVersion);
        toStore.put(id.storageKey(), ByteBuffer.allocate(5 + wrapped.length)
            .put(WRAPPED_FORMAT).putInt(kekVersion).put(wrapped).array());
        created.put(id, new DataKey(id, DEK_VERSION, dek));
      }
      if (!toStore.isEmpty()) {
        storage.putAll(toStore);
        created.forEach(this::remember);
        out.putAll(created);
      }
    }
    return out;
  }

  /**
   * The key for {@code id} if one was ever created and not destroyed.
   *
   * @throws DataKeyException if the stored key cannot be unwrapped (wrong or missing KEK)
   */
  public Optional<DataKey> forRead(DekId id) {
    DataKey k = cached(id);
    return k != null ? Optional.of(k) : load(id);
  }

  private Optional<DataKey> load(DekId id) {
    DataKey cachedNow = cached(id);
    if (cachedNow != null) {
      return Optional.of(cachedNow);
    }
    long generation;
    synchronized (cache) {
      generation = destroyGeneration;
    }
    Optional<byte[]> stored = storage.get(id.storageKey());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    byte[] v = stored.get();
    if (v.length < 5 + 8 || v[0] != WRAPPED_FORMAT) {
      throw new DataKeyException("wrapped data key for month " + id.month() + " has an unknown format");
    }
    int kekVersion = ByteBuffer.wrap(v, 1, 4).getInt();
    DataKey k = new DataKey(id, DEK_VERSION, unwrap(id, v, kekVersion));
    synchronized (cache) {
      // a destroy that ran since the read must not find this key cached afterwards
      if (destroyGeneration == generation) {
        cache.put(id, k);
      }
    }
    return Optional.of(k);
  }

  private byte[] wrap(SecretKey dek, int kekVersion) {
    try {
      Cipher c = Cipher.getInstance(WRAP);
      c.init(Cipher.WRAP_MODE, keyring.kek(kekVersion));
      return c.wrap(dek);
    } catch (GeneralSecurityException e) {
      throw new DataKeyException("a new data key could not be wrapped with key-encryption key version "
          + kekVersion, e);
    }
  }

  /**
   * Destroys the data keys {@code ids} (crypto-shredding what they sealed): deletes them from the
   * storage in one atomic, synced write and drops them from the cache. Records sealed under them
   * can no longer be opened; reads treat such a (customer, month) as having no key; every thread's
   * {@code Cipher} for them is dropped too ({@link RecordSealer#forget}). Absent ids are
   * ignored. Serialised with key creation and {@link #rewrap}, so a concurrent writer or rewrap never
   * brings a destroyed key back. (A key destroyed while a writer already holds it may still seal
   * that writer's in-flight batch; callers that must exclude this stop the writes for the ids
   * first.)
   */
  public void destroy(Collection<DekId> ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return;
    }
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (DekId id : ids) {
      keys.add(Objects.requireNonNull(id, "id").storageKey());
    }
    synchronized (createLock) {
      storage.delete(keys);
      synchronized (cache) {
        destroyGeneration++;
        for (DekId id : ids) {
          cache.remove(id);
        }
      }
    }
    RecordSealer.forget(ids);
  }

  /**
   * Calls {@code action} with every stored data key's id and the version of the KEK that wraps
   * it, in storage-key order (customer tag, then month). Entries whose storage key is not a data-key
   * id are skipped. Does not unwrap anything.
   *
   * @throws DataKeyException if a data-key entry has an unknown format
   */
  public void forEachWrapped(BiConsumer<DekId, Integer> action) {
    Objects.requireNonNull(action, "action");
    storage.forEachEntry((k, v) -> {
      if (k.length == DekId.STORAGE_KEY_BYTES) {
        action.accept(DekId.fromStorageKey(k), kekVersionOf(v));
      }
    });
  }

  /** How many stored data keys each KEK version wraps (versions with none are absent). */
  public SortedMap<Integer, Long> countByKekVersion() {
    SortedMap<Integer, Long> counts = new TreeMap<>();
    forEachWrapped((id, version) -> counts.merge(version, 1L, Long::sum));
    return counts;
  }

  /**
   * Re-wraps every stored data key that is not under the keyring's current KEK version with the
   * current one, {@code batchSize} keys per atomic synced write. Records are not touched: the data
   * keys themselves do not change. Idempotent and resumable: keys already under the current
   * version are left alone, so after an interruption running it again finishes the job.
   *
   * @throws DataKeyException if an old key cannot be unwrapped (its KEK version is missing from the
   *     keyring, or the entry is damaged); the batches written before stay written
   */
  public RewrapReport rewrap(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    int target = keyring.currentKekVersion();
    SortedMap<Integer, Long> rewrapped = new TreeMap<>();
    long alreadyCurrent = 0;
    long batches = 0;
    byte[] after = null;
    while (true) {
      List<Map.Entry<byte[], byte[]>> page = storage.entriesAfter(after, batchSize);
      if (page.isEmpty()) {
        break;
      }
      after = page.get(page.size() - 1).getKey();
      synchronized (createLock) {
        Map<byte[], byte[]> toStore = new LinkedHashMap<>();
        Map<Integer, Long> counted = new HashMap<>();
        for (Map.Entry<byte[], byte[]> e : page) {
          if (e.getKey().length != DekId.STORAGE_KEY_BYTES) {
            continue;
          }
          // re-read under the lock: a key destroyed since the page was read stays destroyed
          Optional<byte[]> now = storage.get(e.getKey());
          if (now.isEmpty()) {
            continue;
          }
          byte[] v = now.get();
          int version = kekVersionOf(v);
          if (version == target) {
            alreadyCurrent++;
            continue;
          }
          DekId id = DekId.fromStorageKey(e.getKey());
          SecretKey dek = unwrap(id, v, version);
          byte[] wrapped = wrap(dek, target);
          toStore.put(e.getKey(), ByteBuffer.allocate(5 + wrapped.length)
              .put(WRAPPED_FORMAT).putInt(target).put(wrapped).array());
          counted.merge(version, 1L, Long::sum);
        }
        if (!toStore.isEmpty()) {
          storage.putAll(toStore);
          counted.forEach((ver, n) -> rewrapped.merge(ver, n, Long::sum));
          batches++;
        }
      }
      if (page.size() < batchSize) {
        break;
      }
    }
    return new RewrapReport(target, rewrapped, alreadyCurrent, batches);
  }

  /**
   * What a {@link #rewrap} did.
   *
   * @param toVersion the KEK version every data key is now wrapped under
   * @param rewrappedByOldVersion how many keys were moved, by the version they were under
   * @param alreadyCurrent keys that were already under {@code toVersion}
   * @param batches atomic writes made
   */
  public record RewrapReport(int toVersion, SortedMap<Integer, Long> rewrappedByOldVersion,
      long alreadyCurrent, long batches) {
    public RewrapReport {
      rewrappedByOldVersion = Collections.unmodifiableSortedMap(new TreeMap<>(rewrappedByOldVersion));
    }

    /** Total keys moved. */
    public long rewrapped() {
      return rewrappedByOldVersion.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static int kekVersionOf(byte[] v) {
    if (v.length < 5 + 8 || v[0] != WRAPPED_FORMAT) {
      throw new DataKeyException("a wrapped data key has an unknown format");
    }
    return ByteBuffer.wrap(v, 1, 4).getInt();
  }

  private SecretKey unwrap(DekId id, byte[] v, int kekVersion) {
    SecretKey kek = keyring.kek(kekVersion);
    try {
      Cipher c = Cipher.getInstance(WRAP);
      c.init(Cipher.UNWRAP_MODE, kek);
      byte[] wrapped = java.util.Arrays.copyOfRange(v, 5, v.length);
      return (SecretKey) c.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
    } catch (GeneralSecurityException e) {
      throw new DataKeyException("data key for month " + id.month()
          + " could not be unwrapped with key-encryption key version " + kekVersion
          + " (wrong KEK or damaged entry)", e);
    }
  }

  private DataKey cached(DekId id) {
    synchronized (cache) {
      return cache.get(id);
    }
  }

  private void remember(DekId id, DataKey k) {
    synchronized (cache) {
      cache.put(id, k);
    }
  }

  /** Number of unwrapped keys currently cached. */
  public int cachedKeys() {
    synchronized (cache) {
      return cache.size();
    }
  }

  @Override
  public String toString() {
    return "DataKeyManager[cached=" + cachedKeys() + "]";
  }
}
