package io.cdrvault.store.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.crypto.ManifestSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed statement "the ledger's entry {@code sequence} has hash {@code entryHash}", made at
 * {@code time} by the Ed25519 key with {@code signerFingerprint}. An attacker who rewrites an entry
 * and recomputes every later hash and the head pointer cannot produce a matching checkpoint without
 * the signing key.
 *
 * <p>The signature covers {@link #signedBytes()}: the UTF-8 of
 * {@code "cdrvault audit checkpoint v1\n" + sequence + "\n" + entryHash + "\n" + time + "\n" +
 * signerFingerprint}. Stored in the {@code meta} column family under {@code audit/checkpoint/} +
 * the sequence (8 bytes, big-endian) as JSON.
 *
 * <p>Immutable and thread-safe. All members non-null; hex is lowercase.
 *
 * @param sequence the entry's sequence (≥ 1)
 * @param entryHash the entry's hash, 64 hex digits
 * @param time when the checkpoint was signed
 * @param signerFingerprint {@code sha256:} + hex SHA-256 of the raw public key
 * @param signerPublicKey the raw 32-byte Ed25519 public key, hex (lets a verifier without a pinned
 *     key check the signature; a pinned key must match it)
 * @param signature the Ed25519 signature of {@link #signedBytes()}, hex
 */
public record AuditCheckpoint(long sequence, String entryHash, Instant time,
    String signerFingerprint, String signerPublicKey, String signature) {

  static final String KEY_PREFIX = "audit/checkpoint/";
  private static final byte[] PREFIX_BYTES = KEY_PREFIX.getBytes(StandardCharsets.UTF_8);
  private static final String DOMAIN = "cdrvault audit checkpoint v1\n";
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public AuditCheckpoint {
    Objects.requireNonNull(entryHash, "entryHash");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    Objects.requireNonNull(signerPublicKey, "signerPublicKey");
    Objects.requireNonNull(signature, "signature");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    if (entryHash.length() != 64) {
      throw new IllegalArgumentException("entryHash must be 64 hex digits");
    }
    entryHash = HEX.formatHex(HEX.parseHex(entryHash));
    signerPublicKey = HEX.formatHex(HEX.parseHex(signerPublicKey));
    signature = HEX.formatHex(HEX.parseHex(signature));
  }

  /** Signs entry {@code sequence} with hash {@code entryHash} at {@code time}. */
  public static AuditCheckpoint sign(long sequence, String entryHash, Instant time,
      ManifestSigner signer) {
    Objects.requireNonNull(signer, "signer");
    byte[] raw = signer.rawPublicKey();
    String fp = ManifestSigner.fingerprint(raw);
    byte[] message = signedBytes(sequence, entryHash, time, fp);
    return new AuditCheckpoint(sequence, entryHash, time, fp, HEX.formatHex(raw),
        HEX.formatHex(signer.sign(message)));
  }

  /** The exact bytes the signature covers. */
  public byte[] signedBytes() {
    return signedBytes(sequence, entryHash, time, signerFingerprint);
  }

  private static byte[] signedBytes(long seq, String hash, Instant time, String fp) {
    return (DOMAIN + seq + "\n" + hash + "\n" + time + "\n" + fp).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether the signature is valid under {@code rawPublicKey} and this checkpoint names that key's
   * fingerprint.
   */
  public boolean verifiesWith(byte[] rawPublicKey) {
    Objects.requireNonNull(rawPublicKey, "rawPublicKey");
    if (!ManifestSigner.fingerprint(rawPublicKey).equals(signerFingerprint)) {
      return false;
    }
    return ManifestSigner.verify(rawPublicKey, signedBytes(), HEX.parseHex(signature));
  }

  /** Whether the signature is valid under the public key this checkpoint carries (not pinned). */
  public boolean verifiesWithCarriedKey() {
    return verifiesWith(HEX.parseHex(signerPublicKey));
  }

  static byte[] key(long sequence) {
    return ByteBuffer.allocate(PREFIX_BYTES.length + 8).put(PREFIX_BYTES).putLong(sequence).array();
  }

  static byte[] keyPrefix() {
    return PREFIX_BYTES.clone();
  }

  /** Whether {@code k} is a checkpoint key. */
  static boolean isKey(byte[] k) {
    if (k.length != PREFIX_BYTES.length + 8) {
      return false;
    }
    for (int i = 0; i < PREFIX_BYTES.length; i++) {
      if (k[i] != PREFIX_BYTES[i]) {
        return false;
      }
    }
    return true;
  }

  static long sequenceOfKey(byte[] k) {
    return ByteBuffer.wrap(k, PREFIX_BYTES.length, 8).getLong();
  }

  byte[] toJson() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("seq", sequence);
    n.put("hash", entryHash);
    n.put("time", time.toString());
    n.put("signer", signerFingerprint);
    n.put("publicKey", signerPublicKey);
    n.put("signature", signature);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a stored checkpoint.
   *
   * @throws IllegalArgumentException if it is not a well-formed checkpoint
   */
  static AuditCheckpoint fromJson(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject() || !n.path("seq").canConvertToLong()) {
        throw new IllegalArgumentException("not a checkpoint");
      }
      return new AuditCheckpoint(n.get("seq").asLong(), text(n, "hash"),
          Instant.parse(text(n, "time")), text(n, "signer"), text(n, "publicKey"),
          text(n, "signature"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a well-formed checkpoint", e);
    }
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(name);
    }
    return v.asText();
  }
}
