package io.cdrvault.store.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Identifies one data key: a customer tag (16 bytes) and a month ({@code yyyyMM}, e.g. 202501).
 * Its {@link #storageKey()} is {@code tag ‖ month (4 bytes, big-endian)}.
 *
 * <p>Immutable and thread-safe; prints no tag.
 */
public record DekId(long tagHigh, long tagLow, int month) {
  /** Length of a {@link #storageKey()}. */
  public static final int STORAGE_KEY_BYTES = 20;

  public DekId {
    int year = month / 100;
    int m = month % 100;
    if (year < 1970 || year > 9999 || m < 1 || m > 12) {
      throw new IllegalArgumentException("month must be yyyyMM");
    }
  }

  /** The id of the key for {@code tag} (16 bytes) and {@code month} ({@code yyyyMM}). */
  public static DekId of(byte[] tag, int month) {
    Objects.requireNonNull(tag, "tag");
    if (tag.length != HmacCustomerTagger.TAG_BYTES) {
      throw new IllegalArgumentException("tag must be 16 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(tag);
    return new DekId(b.getLong(), b.getLong(), month);
  }

  /**
   * The id whose {@link #storageKey()} is {@code key}.
   *
   * @throws IllegalArgumentException if {@code key} is not 20 bytes or names no valid month
   */
  public static DekId fromStorageKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != STORAGE_KEY_BYTES) {
      throw new IllegalArgumentException("a data-key storage key is " + STORAGE_KEY_BYTES + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(key);
    return new DekId(b.getLong(), b.getLong(), b.getInt());
  }

  /** {@code tag ‖ month} as stored in the key database. */
  public byte[] storageKey() {
    return ByteBuffer.allocate(STORAGE_KEY_BYTES).putLong(tagHigh).putLong(tagLow).putInt(month).array();
  }

  /** The customer tag (16 bytes, a fresh array). */
  public byte[] tag() {
    return ByteBuffer.allocate(16).putLong(tagHigh).putLong(tagLow).array();
  }

  @Override
  public String toString() {
    return "DekId[month=" + month + "]";
  }
}
