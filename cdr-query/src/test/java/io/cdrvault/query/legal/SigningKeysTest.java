package io.cdrvault.query.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.KeyringException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  private static final char[] PASSWORD = "export-key-test".toCharArray();

  @TempDir Path tmp;

  @Test
  void missingKey_withoutCreate_isAConfigErrorNamingTheFileAndKey() {
    Path key = tmp.resolve("export-signing-key.p8");

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(key, PASSWORD, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key.toString()).hasMessageContaining("query.legal.signingKeyFile");
    assertThat(Files.exists(key)).isFalse();
  }

  @Test
  void missingKey_withCreate_isCreatedOnce_thenLoadedAsTheSameKey() {
    Path key = tmp.resolve("keys/export-signing-key.p8");

    ExportSigner created = SigningKeys.loadOrCreate(key, PASSWORD, true);
    ExportSigner loaded = SigningKeys.loadOrCreate(key, PASSWORD, true);

    assertThat(Files.exists(key)).isTrue();
    assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint());
  }

  @Test
  void wrongPassword_fails_withoutCreatingANewKey() throws Exception {
    Path key = tmp.resolve("export-signing-key.p8");
    SigningKeys.loadOrCreate(key, PASSWORD, true);
    byte[] before = Files.readAllBytes(key);

    assertThatThrownBy(() -> SigningKeys.loadOrCreate(key, "not-the-pass-7x".toCharArray(), true))
        .isInstanceOf(KeyringException.class).hasMessageNotContaining("not-the-pass-7x");
    assertThat(Files.readAllBytes(key)).isEqualTo(before);
  }

  @Test
  void password_comesFromTheEnvironment_andMustBeSet() {
    assertThat(SigningKeys.passwordFrom(Map.of(SigningKeys.PASSWORD_ENV, "s3cret")))
        .containsExactly('s', '3', 'c', 'r', 'e', 't');
    assertThatThrownBy(() -> SigningKeys.passwordFrom(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(SigningKeys.PASSWORD_ENV);
  }

  @Test
  void password_fromAFile_whenTheKeyNamesOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("pw"), "from-file\n");
    assertThat(SigningKeys.password(f.toString(), "query.legal.signingKeyPasswordFile",
        Map.of(SigningKeys.PASSWORD_ENV, "from-env"))).containsExactly("from-file".toCharArray());
    assertThat(SigningKeys.password("", "query.legal.signingKeyPasswordFile",
        Map.of(SigningKeys.PASSWORD_ENV, "from-env"))).containsExactly("from-env".toCharArray());
    assertThatThrownBy(() -> SigningKeys.password(dir.resolve("none").toString(),
        "query.legal.signingKeyPasswordFile", Map.of()))
        .hasMessageContaining("query.legal.signingKeyPasswordFile");
  }
}
