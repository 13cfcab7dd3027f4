package io.cdrvault.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerivedKeySealerTest {
  private static final byte[] KEY = "legal/LR-0011223344556677".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PLAIN = "{\"caseNumber\":\"X-1\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void seal_thenOpen_roundTrips_andHidesPlaintext() {
    Keyring k = Keyring.create(dir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    DerivedKeySealer s = DerivedKeySealer.create(k, "cdrvault test seal v1");
    byte[] sealed = s.seal(KEY, PLAIN);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("caseNumber");
    assertThat(s.open(KEY, sealed, "legal", "key")).isEqualTo(PLAIN);
  }

  @Test
  void open_underAnotherInfoOrAnotherKey_fails() {
    Keyring k = Keyring.create(dir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    byte[] sealed = DerivedKeySealer.create(k, "cdrvault test seal v1").seal(KEY, PLAIN);
    DerivedKeySealer other = DerivedKeySealer.create(k, "cdrvault test seal v2");
    assertThatThrownBy(() -> other.open(KEY, sealed, "legal", "key"))
        .isInstanceOf(RecordAuthenticationException.class);
    DerivedKeySealer same = DerivedKeySealer.create(k, "cdrvault test seal v1");
    byte[] moved = "legal/LR-8899aabbccddeeff".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> same.open(moved, sealed, "legal", "key"))
        .isInstanceOf(RecordAuthenticationException.class).hasMessageContaining("authentication");
  }

  @Test
  void create_refusesTheCustomerTagInfo() {
    Keyring k = Keyring.create(dir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    assertThatThrownBy(() -> DerivedKeySealer.create(k, HmacCustomerTagger.INFO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
