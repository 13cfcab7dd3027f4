package io.cdrvault.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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
  private static final byte FORMAT = RecordSealer.FORMAT;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER = 2 + NONCE_BYTES;

  private final SecretKeySpec key;
  private final String info;
  private final SecureRandom random = new SecureRandom();

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
    byte[] out = new byte[HEADER + plaintext.length + TAG_BITS / 8];
    out[0] = FORMAT;
    out[1] = 0;
    byte[] nonce = new byte[NONCE_BYTES];
    synchronized (random) {
      random.nextBytes(nonce);
    }
    System.arraycopy(nonce, 0, out, 2, NONCE_BYTES);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData);
      c.doFinal(plaintext, 0, plaintext.length, out, HEADER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
    }
    return out;
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
    if (sealed.length < HEADER + TAG_BITS / 8 || sealed[0] != FORMAT || sealed[1] != 0) {
      throw new RecordAuthenticationException("sealed value in column family '" + columnFamily
          + "' at a " + positionKind + " has an unknown format");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE_BYTES));
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

  @Override
  public String toString() {
    return "DerivedKeySealer[AES-256-GCM, info=" + info + "]";
  }
}
