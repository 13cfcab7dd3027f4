package io.cdrvault.store.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
 * used; in practice only the ingest writer seals); opening uses one {@code Cipher} per thread. The JDK re-expands the AES key only when a {@code Cipher}'s key changes, so a cipher per
 * key seals at the "cached Cipher" rate (PERF-LIMITS: ≈ 1.5 M/s vs ≈ 0.37 M/s re-keyed) even when
 * a batch alternates between many customers.
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
  private static final ThreadLocal<CipherCache> CIPHERS = ThreadLocal.withInitial(CipherCache::new);
  /** Opening: one Cipher per thread (a read scans one customer's records, so the key rarely changes). */
  private static final ThreadLocal<Cipher> OPENING = ThreadLocal.withInitial(RecordSealer::newCipher);

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
    return sealWith(CIPHERS.get().forKey(key), key.secretKey(), key.version(), associatedData,
        plaintext, off, len);
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
    return openWith(OPENING.get(), key.secretKey(), key.version(), associatedData, sealed,
        columnFamily, positionKind);
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
   * Not thread-safe (thread-confined).
   */
  private static final class CipherCache extends java.util.LinkedHashMap<DataKey, Cipher> {
    private static final long serialVersionUID = 1L;

    CipherCache() {
      super(256, 0.75f, true);
    }

    Cipher forKey(DataKey key) {
      Cipher c = get(key);
      if (c == null) {
        if (size() >= CIPHERS_PER_THREAD) {
          java.util.Iterator<Cipher> eldest = values().iterator();
          c = eldest.next();
          eldest.remove();
        } else {
          c = newCipher();
        }
        put(key, c);
      }
      return c;
    }
  }
}
