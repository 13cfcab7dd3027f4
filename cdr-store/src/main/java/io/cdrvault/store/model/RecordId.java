package io.cdrvault.store.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-derived record identifier: the first 8 bytes of SHA-256 over the origin (switch / source
 * name) and the switch's own ids for the record. A CDR resent by a switch gets the same id and
 * therefore the same storage key, so it overwrites itself instead of being stored twice.
 *
 * <p>Immutable and thread-safe.
 */
public record RecordId(long value) {

  /** Derives the id from the record's origin and the switch's own identifier(s) for it. */
  public static RecordId of(String origin, String originId) {
    if (origin == null || origin.isEmpty()) {
      throw new IllegalArgumentException("origin must not be empty");
    }
    if (originId == null || originId.isEmpty()) {
      throw new IllegalArgumentException("originId must not be empty");
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    sha.update(origin.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(originId.getBytes(StandardCharsets.UTF_8));
    byte[] d = sha.digest();
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xff);
    }
    return new RecordId(v);
  }

  public static RecordId parse(String hex) {
    if (hex.length() != 16) {
      throw new IllegalArgumentException("record id must be 16 hex digits");
    }
    return new RecordId(HexFormat.fromHexDigitsToLong(hex));
  }

  public String hex() {
    return HexFormat.of().toHexDigits(value);
  }

  @Override
  public String toString() {
    return "RecordId[" + hex() + "]";
  }
}
