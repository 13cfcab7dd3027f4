package io.cdrvault.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.model.CustomerId;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyringTest {
  private static final String SECRET = "correct-horse-battery-staple";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"PKCS12", "BCFKS"})
  void load_afterCreate_yieldsTheSameKeys(String type) {
    Path file = dir.resolve("ks." + type.toLowerCase());
    Keyring created = Keyring.create(file, type, SECRET.toCharArray());
    Keyring loaded = Keyring.load(file, type, SECRET.toCharArray());

    assertThat(loaded.type()).isEqualTo(type);
    assertThat(loaded.currentKekVersion()).isEqualTo(1);
    assertThat(loaded.kek(1).getEncoded()).isEqualTo(created.kek(1).getEncoded());
    CustomerId c = CustomerId.of("ACCT-1");
    assertThat(HmacCustomerTagger.create(loaded).tagHex(c))
        .isEqualTo(HmacCustomerTagger.create(created).tagHex(c));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PKCS12", "BCFKS"})
  void load_withWrongPassword_failsClearlyWithoutTheSecret(String type) {
    Path file = dir.resolve("ks");
    Keyring.create(file, type, SECRET.toCharArray());

    assertThatThrownBy(() -> Keyring.load(file, type, "wrong-password".toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("wrong password")
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("wrong-password")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void load_withoutIndexKey_namesTheMissingAlias() throws Exception {
    Path file = dir.resolve("only-kek.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, SECRET.toCharArray());
    ks.setEntry("kek-v1", new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[32], "AES")),
        new KeyStore.PasswordProtection(SECRET.toCharArray()));
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, SECRET.toCharArray());
    }

    assertThatThrownBy(() -> Keyring.load(file, "PKCS12", SECRET.toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("index-v1");
  }

  @Test
  void load_picksTheHighestKekVersionAsCurrent() throws Exception {
    Path file = dir.resolve("rotated.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, SECRET.toCharArray());
    KeyStore.PasswordProtection p = new KeyStore.PasswordProtection(SECRET.toCharArray());
    for (String alias : new String[] {"kek-v1", "kek-v3", "kek-v2", "index-v1"}) {
      ks.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[32], "AES")), p);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, SECRET.toCharArray());
    }

    Keyring k = Keyring.load(file, "PKCS12", SECRET.toCharArray());

    assertThat(k.currentKekVersion()).isEqualTo(3);
    assertThat(k.kekVersions()).containsExactly(1, 2, 3);
  }

  @Test
  void openOrCreateDemo_createsOnceThenReopensTheSameKeys() {
    Path file = dir.resolve("keys/demo.p12");
    Keyring first = Keyring.openOrCreateDemo(file, SECRET.toCharArray());
    Keyring second = Keyring.openOrCreateDemo(file, SECRET.toCharArray());

    assertThat(Files.isRegularFile(file)).isTrue();
    assertThat(second.kek(1).getEncoded()).isEqualTo(first.kek(1).getEncoded());
    assertThat(second.indexRootKey().getEncoded()).isEqualTo(first.indexRootKey().getEncoded());
  }

  @Test
  void toString_showsNoKeyMaterial() {
    Keyring k = Keyring.create(dir.resolve("k.p12"), "PKCS12", SECRET.toCharArray());
    String kekHex = HexFormat.of().formatHex(k.kek(1).getEncoded());
    String indexHex = HexFormat.of().formatHex(k.indexRootKey().getEncoded());

    assertThat(k.toString()).doesNotContain(kekHex).doesNotContain(indexHex).contains("PKCS12");
  }

  @Test
  void create_refusesToOverwriteAnExistingKeystore() {
    Path file = dir.resolve("k.p12");
    Keyring.create(file, "PKCS12", SECRET.toCharArray());

    assertThatThrownBy(() -> Keyring.create(file, "PKCS12", SECRET.toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("already exists");
  }
}
