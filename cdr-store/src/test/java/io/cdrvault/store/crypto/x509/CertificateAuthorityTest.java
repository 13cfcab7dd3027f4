package io.cdrvault.store.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.now();

  @TempDir
  Path dir;

  @Test
  void issuedCertificate_chainsToTheCa_andItsPemKeyReadsBackAsTheSameKey() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW, NOW.plus(Duration.ofDays(2)));
    CertificateAuthority.Issued server = ca.issue("CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"),
        CertificateAuthority.Usage.SERVER, NOW, NOW.plus(Duration.ofDays(1)));
    server.certificate().verify(ca.publicKey());
    assertThat(server.certificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
        .containsExactly("localhost", "127.0.0.1");
    assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

    server.writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
    assertThat(Files.readString(dir.resolve("server.key"), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    X509Certificate read = CertificateAuthority.readCertificates(dir.resolve("server.pem")).get(0);
    assertThat(read).isEqualTo(server.certificate());
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(PemFiles.readPrivateKey(dir.resolve("server.key"), Optional.empty()));
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    s.initVerify(read.getPublicKey());
    s.update(new byte[] {1, 2, 3});
    assertThat(s.verify(sig)).isTrue();
  }

  @Test
  void savedCa_loadsBack_andItsCrlListsTheRevokedSerial() {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW, NOW.plus(Duration.ofDays(2)));
    ca.save(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    CertificateAuthority again = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    CertificateAuthority.Issued client = again.issue("CN=billing-job,O=Example",
        List.of("uri:spiffe://carrier/billing"), CertificateAuthority.Usage.CLIENT, NOW,
        NOW.plus(Duration.ofDays(1)));
    var crl = again.revocationList(List.of(client.serial()), NOW, NOW.plus(Duration.ofDays(1)));
    assertThat(crl.isRevoked(client.certificate())).isTrue();
    assertThat(client.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aFileWithoutAKey_isRefusedNamingTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(f, Optional.empty()))
        .isInstanceOf(X509MaterialException.class).hasMessageContaining("empty.pem");
  }
}
