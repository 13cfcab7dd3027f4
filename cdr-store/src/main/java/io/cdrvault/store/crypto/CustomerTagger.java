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

  /** The tag as 32 lowercase hex digits. */
  default String tagHex(CustomerId customer) {
    return HexFormat.of().formatHex(tag(customer));
  }
}
