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

  /** {@code tag ‖ month} as stored in the {@code keys} column family. */
  public byte[] storageKey() {
    return ByteBuffer.allocate(20).putLong(tagHigh).putLong(tagLow).putInt(month).array();
  }

  @Override
  public String toString() {
    return "DekId[month=" + month + "]";
  }
}
