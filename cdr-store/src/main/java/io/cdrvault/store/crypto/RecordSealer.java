package io.cdrvault.store.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals records with AES-256-GCM (JDK provider: far faster than Bouncy Castle's on the hot path),
 * a random 96-bit nonce and the storage key as associated data, so a value moved to another key
 * fails authentication. A sealed value is
 * {@code format(1) ‖ dekVersion(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)}.
 *
 * <p>Thread-safe and stateless for callers: each sealing thread keeps its own nonce source and a
 * bounded map of {@link Cipher}s, one per data key ({@value #CIPHERS_PER_THREAD} most recently
 * used; in practice only the ingest writer seals); each opening thread keeps the
 * {@value #OPENING_CIPHERS_PER_THREAD} most recently used. The JDK re-expands the AES key only when
 * a {@code Cipher}'s key changes, so a cipher per key seals at the "cached Cipher" rate
 * (PERF-LIMITS: ≈ 1.5 M/s vs ≈ 0.37 M/s re-keyed) even when a batch alternates between many
 * customers. Every thread's caches are registered, so destroying a data key
 * ({@link DataKeyManager#destroy}) takes its {@code Cipher}s out of all of them ({@link #forget}).
 */
public final class RecordSealer {
  /** Format byte of a sealed value. */
  public static final byte FORMAT = 1;
  /** Bytes a sealed value adds to its plaintext. */
  public static final int OVERHEAD = 2 + 12 + 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER = 2 + NONCE_BYTES;

  /**
   * Ciphers kept per thread, one per data key (least recently used evicted): enough for one month
   * of a 16,000-customer working set on the ingest writer, whose batches touch thousands of
   * customers (measured: 10,000 customers, 4,096 → 16,384 lifts the batch write ≈ 15 %,
   * BENCHMARKS.md §7; a few MiB of expanded AES keys).
   */
  static final int CIPHERS_PER_THREAD = 16_384;
  /** Opening: a read scans one customer's records at a time, so the key rarely changes. */
  static final int OPENING_CIPHERS_PER_THREAD = 16;
  /** Every live thread's caches (weakly: a cache goes with its thread), for {@link #forget}. */
  private static final java.util.Set<CipherCache> LIVE =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
  private static final ThreadLocal<CipherCache> CIPHERS =
      ThreadLocal.withInitial(() -> CipherCache.registered(CIPHERS_PER_THREAD));
  private static final ThreadLocal<CipherCache> OPENING =
      ThreadLocal.withInitial(() -> CipherCache.registered(OPENING_CIPHERS_PER_THREAD));

  static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }
  private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(SecureRandom::new);

  private RecordSealer() {}

  /**
   * Seals {@code plaintext[off, off+len)} under {@code key}, bound to {@code associatedData}
   * (the full storage key).
   */
  public static byte[] seal(DataKey key, byte[] associatedData, byte[] plaintext, int off, int len) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(associatedData, "associatedData");
    CipherCache cache = CIPHERS.get();
    synchronized (cache) {
      return sealWith(cache.forKey(key), key.secretKey(), key.version(), associatedData, plaintext,
          off, len);
    }
  }

  /**
   * The sealed-value layout (version ‖ key version ‖ nonce ‖ ciphertext+tag) under any AES key;
   * shared with {@link DerivedKeySealer}. {@code c} is (re-)initialised here.
   */
  static byte[] sealWith(Cipher c, SecretKey secret, int keyVersion, byte[] associatedData,
      byte[] plaintext, int off, int len) {
    byte[] out = new byte[HEADER + len + TAG_BITS / 8];
    out[0] = FORMAT;
    out[1] = (byte) keyVersion;
    byte[] nonce = new byte[NONCE_BYTES];
    NONCES.get().nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 2, NONCE_BYTES);
    try {
      c.init(Cipher.ENCRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData);
      c.doFinal(plaintext, off, len, out, HEADER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
    }
    return out;
  }

  /** The data-key version a sealed value was written with. */
  public static int dataKeyVersion(byte[] sealed) {
    if (sealed.length < OVERHEAD) {
      throw new RecordAuthenticationException("sealed value is too short");
    }
    return sealed[1] & 0xff;
  }

  /**
   * Opens a sealed value stored under {@code associatedData}.
   *
   * @param columnFamily where the value was read, for the error message
   * @param positionKind what kind of position it was read at (e.g. {@code record key})
   * @throws RecordAuthenticationException if the value was altered, moved or sealed under another key
   */
  public static byte[] open(DataKey key, byte[] associatedData, byte[] sealed, String columnFamily,
      String positionKind) {
    CipherCache cache = OPENING.get();
    synchronized (cache) {
      return openWith(cache.forKey(key), key.secretKey(), key.version(), associatedData, sealed,
          columnFamily, positionKind);
    }
  }

  /**
   * Takes the {@code Cipher}s of the data keys {@code ids} out of every thread's caches and re-keys
   * each with a random throw-away key, so no cached {@code Cipher} keeps the destroyed key's
   * schedule until its entry would have aged out (the garbage collector reclaims, but does not
   * zero, the JDK's old arrays). A seal or open running on another thread finishes first (each
   * cache is locked while it is used).
   */
  static void forget(java.util.Collection<DekId> ids) {
    java.util.Set<DekId> gone = java.util.Set.copyOf(ids);
    for (CipherCache c : liveCaches()) {
      c.forget(gone);
    }
  }

  /** The data keys some thread's caches hold a {@code Cipher} for (tests). */
  static java.util.Set<DekId> cachedKeyIds() {
    java.util.Set<DekId> out = new java.util.HashSet<>();
    for (CipherCache c : liveCaches()) {
      out.addAll(c.keyIds());
    }
    return out;
  }

  /** A snapshot of every live thread's caches. */
  private static List<CipherCache> liveCaches() {
    synchronized (LIVE) {
      return new ArrayList<>(LIVE);
    }
  }

  /** Opens the layout written by {@link #sealWith}; {@code c} is (re-)initialised here. */
  static byte[] openWith(Cipher c, SecretKey secret, int keyVersion, byte[] associatedData,
      byte[] sealed, String columnFamily, String positionKind) {
    if (sealed.length < OVERHEAD || sealed[0] != FORMAT) {
      throw new RecordAuthenticationException("sealed value in column family '" + columnFamily
          + "' at a " + positionKind + " has an unknown format");
    }
    if ((sealed[1] & 0xff) != keyVersion) {
      throw new RecordAuthenticationException("sealed value in column family '" + columnFamily
          + "' at a " + positionKind + " names another data-key version");
    }
    try {
      c.init(Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE_BYTES));
      c.updateAAD(associatedData);
      return c.doFinal(sealed, HEADER, sealed.length - HEADER);
    } catch (AEADBadTagException e) {
      throw new RecordAuthenticationException("sealed value in column family '" + columnFamily
          + "' at a " + positionKind + " failed authentication (altered, moved or wrong key)", e);
    } catch (GeneralSecurityException e) {
      throw new RecordAuthenticationException("sealed value in column family '" + columnFamily
          + "' at a " + positionKind + " could not be opened: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * One thread's {@code Cipher}s by data key (identity: a reloaded key gets a new entry and the
   * old one ages out). Access-ordered and bounded; when full, the least recently used entry's
   * {@code Cipher} is re-keyed for the new key rather than a new one created, so a working set
   * larger than the bound costs one key expansion per miss, never a {@code Cipher.getInstance}.
   * Used by its thread and by {@link #forget}: callers hold its monitor.
   */
  private static final class CipherCache {
    private final int capacity;
    private final java.util.LinkedHashMap<DataKey, Cipher> byKey;

    private CipherCache(int capacity) {
      this.capacity = capacity;
      this.byKey = new java.util.LinkedHashMap<>(Math.min(capacity, 256), 0.75f, true);
    }

    static CipherCache registered(int capacity) {
      CipherCache c = new CipherCache(capacity);
      synchronized (LIVE) {
        LIVE.add(c);
      }
      return c;
    }

    Cipher forKey(DataKey key) {
      Cipher c = byKey.get(key);
      if (c == null) {
        if (byKey.size() >= capacity) {
          java.util.Iterator<Cipher> eldest = byKey.values().iterator();
          c = eldest.next();
          eldest.remove();
        } else {
          c = newCipher();
        }
        byKey.put(key, c);
      }
      return c;
    }

    synchronized void forget(java.util.Set<DekId> ids) {
      java.util.Iterator<java.util.Map.Entry<DataKey, Cipher>> it = byKey.entrySet().iterator();
      while (it.hasNext()) {
        java.util.Map.Entry<DataKey, Cipher> e = it.next();
        if (ids.contains(e.getKey().id())) {
          rekeyWithThrowAway(e.getValue());
          it.remove();
        }
      }
    }

    synchronized List<DekId> keyIds() {
      List<DekId> out = new ArrayList<>(byKey.size());
      for (DataKey k : byKey.keySet()) {
        out.add(k.id());
      }
      return out;
    }

    private static void rekeyWithThrowAway(Cipher c) {
      byte[] throwAway = new byte[32];
      byte[] nonce = new byte[NONCE_BYTES];
      NONCES.get().nextBytes(throwAway);
      NONCES.get().nextBytes(nonce);
      try {
        c.init(Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(throwAway, "AES"),
            new GCMParameterSpec(TAG_BITS, nonce));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("re-keying a cipher failed: " + e.getClass().getSimpleName(),
            e);
      }
    }
  }
}
