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
  /** Length of a tag in bytes. */
  public static final int TAG_BYTES = 16;

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private HmacCustomerTagger(SecretKeySpec key) {
    this.key = key;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** A tagger keyed from the keyring's index root key. */
  public static HmacCustomerTagger create(Keyring keyring) {
    Objects.requireNonNull(keyring, "keyring");
    byte[] root = keyring.indexRootKey().getEncoded();
    byte[] derived = new byte[32];
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(new HKDFParameters(root, null, INFO.getBytes(StandardCharsets.UTF_8)));
      hkdf.generateBytes(derived, 0, derived.length);
      return new HmacCustomerTagger(new SecretKeySpec(derived, "HmacSHA256"));
    } finally {
      Arrays.fill(root, (byte) 0);
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

  private Mac newMac() {
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
