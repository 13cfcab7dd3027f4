package io.cdrvault.store.crypto;

import io.cdrvault.store.model.CustomerId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * {@link CustomerTagger} with {@code HMAC-SHA256} truncated to 16 bytes, keyed by a key derived with
 * HKDF-SHA256 from the keyring's index root key (info {@value #INFO}).
 *
 * <p>Thread-safe: each thread uses its own {@link Mac}.
 */
public final class HmacCustomerTagger implements CustomerTagger {

  /** HKDF info string of the customer-tag key; changing it changes every tag. */
  public static final String INFO = "cdrvault customer-tag v1";
  /** HKDF info string of the number blind-index key; changing it changes every number tag. */
  public static final String NUMBER_INFO = "cdrvault number-index v1";
  /** Length of a tag in bytes. */
  public static final int TAG_BYTES = 16;

  private final ThreadLocal<Mac> macs;
  private final ThreadLocal<Mac> numberMacs;

  private HmacCustomerTagger(SecretKeySpec key, SecretKeySpec numberKey) {
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
    this.numberMacs = ThreadLocal.withInitial(() -> newMac(numberKey));
  }

  /** A tagger keyed from the keyring's index root key. */
  public static HmacCustomerTagger create(Keyring keyring) {
    Objects.requireNonNull(keyring, "keyring");
    byte[] root = keyring.indexRootKey().getEncoded();
    try {
      return new HmacCustomerTagger(derive(root, INFO), derive(root, NUMBER_INFO));
    } finally {
      Arrays.fill(root, (byte) 0);
    }
  }

  private static SecretKeySpec derive(byte[] root, String info) {
    byte[] derived = new byte[32];
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(new HKDFParameters(root, null, info.getBytes(StandardCharsets.UTF_8)));
      hkdf.generateBytes(derived, 0, derived.length);
      return new SecretKeySpec(derived, "HmacSHA256");
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  @Override
  public byte[] tag(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    Mac mac = macs.get();
    byte[] full = mac.doFinal(customer.value().getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(full, TAG_BYTES);
  }

  /** Bits of the HMAC a number's index bucket keeps (2^20 buckets; the rest of the tag is zero). */
  public static final int NUMBER_BUCKET_BITS = 20;

  @Override
  public byte[] numberTag(String e164) {
    Objects.requireNonNull(e164, "e164");
    byte[] full = numberMacs.get().doFinal(("n|" + e164).getBytes(StandardCharsets.UTF_8));
    byte[] tag = new byte[TAG_BYTES];
    tag[0] = full[0];
    tag[1] = full[1];
    tag[2] = (byte) (full[2] & 0xf0);
    return tag;
  }

  @Override
  public byte[] prefixTag(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return Arrays.copyOf(numberMacs.get().doFinal(("p|" + prefix).getBytes(StandardCharsets.UTF_8)),
        TAG_BYTES);
  }

  @Override
  public byte[] referenceTag(String text) {
    Objects.requireNonNull(text, "text");
    return Arrays.copyOf(macs.get().doFinal(("r|" + text).getBytes(StandardCharsets.UTF_8)),
        TAG_BYTES);
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "HmacCustomerTagger[HMAC-SHA256/128]";
  }
}
