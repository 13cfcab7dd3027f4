package io.cdrvault.store.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    Optional<byte[]> stored = storage.get(id.storageKey());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    byte[] v = stored.get();
    if (v.length < 5 + 8 || v[0] != WRAPPED_FORMAT) {
      throw new DataKeyException("wrapped data key for month " + id.month() + " has an unknown format");
    }
    int kekVersion = ByteBuffer.wrap(v, 1, 4).getInt();
    SecretKey kek = keyring.kek(kekVersion);
    try {
      Cipher c = Cipher.getInstance(WRAP);
      c.init(Cipher.UNWRAP_MODE, kek);
      byte[] wrapped = java.util.Arrays.copyOfRange(v, 5, v.length);
      Key dek = c.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
      DataKey k = new DataKey(id, DEK_VERSION, (SecretKey) dek);
      remember(id, k);
      return Optional.of(k);
    } catch (GeneralSecurityException e) {
      throw new DataKeyException("data key for month " + id.month()
          + " could not be unwrapped with key-encryption key version " + kekVersion
          + " (wrong KEK or damaged entry)", e);
    }
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
