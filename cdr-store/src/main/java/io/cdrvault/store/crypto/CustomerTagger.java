package io.cdrvault.store.crypto;

import io.cdrvault.store.model.CustomerId;
import java.util.HexFormat;

/**
 * Keyed pseudonyms of customer ids: {@code HMAC-SHA256(indexKey, customerId)} truncated to 16
 * bytes. The only form in which a customer id appears on disk, in audit entries or in logs.
 *
 * <p>Implementations are thread-safe.
 */
public interface CustomerTagger {

  /** The 16-byte tag of the customer. */
  byte[] tag(CustomerId customer);

  /**
   * The 16-byte blind index of an E.164 number under which a record is found by either party's
   * number: a keyed, truncated pseudonym (separate key from customer tags) naming a bucket that
   * many numbers share, so the index does not single out one number's activity; readers filter
   * the decrypted records exactly (DESIGN.md §5).
   */
  byte[] numberTag(String e164);

  /** The 16-byte blind index of a destination prefix of {@link #PREFIX_INDEX_LENGTH} characters. */
  byte[] prefixTag(String prefix);

  /**
   * A keyed pseudonym of free text a caller sent that may be personal data (a case reference, a
   * destination prefix longer than {@link #PREFIX_INDEX_LENGTH}): the full 16-byte HMAC, so equal
   * texts give equal tags and an auditor who knows the text can recompute it, but the text itself
   * never reaches the audit ledger.
   */
  byte[] referenceTag(String text);

  /** {@link #referenceTag} as 32 lowercase hex digits. */
  default String referenceTagHex(String text) {
    return HexFormat.of().formatHex(referenceTag(text));
  }

  /** Length ({@code +} and digits) of the destination prefix records are indexed under. */
  int PREFIX_INDEX_LENGTH = 4;

  /** The number's blind index as 32 lowercase hex digits. */
  default String numberTagHex(String e164) {
    return HexFormat.of().formatHex(numberTag(e164));
  }

  /** The tag as 32 lowercase hex digits. */
  default String tagHex(CustomerId customer) {
    return HexFormat.of().formatHex(tag(customer));
  }
}
