package io.cdrvault.query.legal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.crypto.KeyringException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSignerTest {
  @TempDir
  Path tmp;

  @Test
  void saveThenLoad_withThePassword_givesTheSameKey() throws Exception {
    ExportSigner signer = ExportSigner.generate();
    Path file = tmp.resolve("export-signing.pem");

    signer.save(file, "correct horse".toCharArray());
    ExportSigner loaded = ExportSigner.load(file, "correct horse".toCharArray());

    assertThat(loaded.fingerprint()).isEqualTo(signer.fingerprint());
    assertThat(loaded.publicKeyDer()).isEqualTo(signer.publicKeyDer());
    String pem = Files.readString(file);
    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(pem).doesNotContain(Base64.getEncoder().encodeToString(signer.publicKeyDer()));
  }

  @Test
  void load_withTheWrongPassword_failsWithoutEchoingIt() {
    Path file = tmp.resolve("export-signing.pem");
    ExportSigner.generate().save(file, "correct horse".toCharArray());

    assertThatThrownBy(() -> ExportSigner.load(file, "battery staple".toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("wrong password")
        .hasMessageNotContaining("battery");
  }

  @Test
  void twoGeneratedKeys_differ_andToStringShowsOnlyTheFingerprint() {
    ExportSigner a = ExportSigner.generate();
    ExportSigner b = ExportSigner.generate();

    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).matches("sha256:[0-9a-f]{64}");
    assertThat(a.toString()).isEqualTo("ExportSigner[Ed25519 " + a.fingerprint() + "]");
  }
}
