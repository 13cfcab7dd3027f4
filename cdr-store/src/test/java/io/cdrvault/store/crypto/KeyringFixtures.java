package io.cdrvault.store.crypto;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;

/** Keyrings for tests that need related keys. */
public final class KeyringFixtures {
  private KeyringFixtures() {}

  /** A keyring with {@code original}'s index key but a different, random {@code kek-v1}. */
  public static Keyring withReplacedKek(Path dir, Keyring original) {
    char[] pw = "pw".toCharArray();
    try {
      Path file = Files.createTempFile(dir, "replaced-kek", ".p12");
      Files.delete(file);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, pw);
      byte[] kek = new byte[32];
      new SecureRandom().nextBytes(kek);
      KeyStore.PasswordProtection p = new KeyStore.PasswordProtection(pw);
      ks.setEntry("kek-v1", new KeyStore.SecretKeyEntry(new SecretKeySpec(kek, "AES")), p);
      ks.setEntry("index-v1", new KeyStore.SecretKeyEntry(original.indexRootKey()), p);
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, pw);
      }
      return Keyring.load(file, "PKCS12", pw);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
