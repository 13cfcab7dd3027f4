package io.cdrvault.store.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals small registry values (legal requests, holds, …) with AES-256-GCM under a key derived
 * with HKDF-SHA256 from the keyring's index root key and a caller-chosen info string (domain
 * separation: each registry has its own key, unrelated to the customer-tag key). The storage key
 * is the associated data, so a value moved to another key fails to open. A sealed value is
 * {@code format(1) ‖ 0(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)}, the layout of {@link RecordSealer}.
 *
 * <p>Thread-safe (a {@link Cipher} per call; registry values are few). Prints no key material.
 */
public final class DerivedKeySealer {
  /** Key-version byte of values sealed here (the derived key has one version per info string). */
  private static final int KEY_VERSION = 0;

  private final SecretKeySpec key;
  private final String info;

  private DerivedKeySealer(SecretKeySpec key, String info) {
    this.key = key;
    this.info = info;
  }

  /** A sealer keyed by HKDF-SHA256(index root key, info). */
  public static DerivedKeySealer create(Keyring keyring, String info) {
    Objects.requireNonNull(keyring, "keyring");
    Objects.requireNonNull(info, "info");
    if (info.isBlank() || info.equals(HmacCustomerTagger.INFO)) {
      throw new IllegalArgumentException("info must be non-blank and differ from the tagger's");
    }
    byte[] root = keyring.indexRootKey().getEncoded();
    byte[] derived = new byte[32];
    try {
      HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
      hkdf.init(new HKDFParameters(root, null, info.getBytes(StandardCharsets.UTF_8)));
      hkdf.generateBytes(derived, 0, derived.length);
      return new DerivedKeySealer(new SecretKeySpec(derived, "AES"), info);
    } finally {
      Arrays.fill(root, (byte) 0);
      Arrays.fill(derived, (byte) 0);
    }
  }

  /** Seals {@code plaintext} bound to {@code associatedData} (the storage key). */
  public byte[] seal(byte[] associatedData, byte[] plaintext) {
    Objects.requireNonNull(associatedData, "associatedData");
    Objects.requireNonNull(plaintext, "plaintext");
    return RecordSealer.sealWith(RecordSealer.newCipher(), key, KEY_VERSION, associatedData,
        plaintext, 0, plaintext.length);
  }

  /**
   * Opens a value stored under {@code associatedData}.
   *
   * @param columnFamily where it was read, for the error message
   * @param positionKind what kind of position it was read at, for the error message
   * @throws RecordAuthenticationException if it was altered, moved or sealed under another key
   */
  public byte[] open(byte[] associatedData, byte[] sealed, String columnFamily,
      String positionKind) {
    Objects.requireNonNull(associatedData, "associatedData");
    Objects.requireNonNull(sealed, "sealed");
    return RecordSealer.openWith(RecordSealer.newCipher(), key, KEY_VERSION, associatedData, sealed,
        columnFamily, positionKind);
  }

  @Override
  public String toString() {
    return "DerivedKeySealer[AES-256-GCM, info=" + info + "]";
  }
}
