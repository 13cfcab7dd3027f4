package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdrvault.query.tls.TlsSettings;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.x509.CertificateAuthority;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS with real certificates: a rotated certificate is served to new connections
 * without a restart, a half-written rotation keeps the old one, TLS 1.2 only when configured,
 * PKCS#12 input, and plain HTTP refused on an address that is not loopback.
 */
class HttpsIT {
  @TempDir
  Path dir;

  private ApiFixture api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void rotatedCertificate_isServedToANewConnection_withoutARestart() throws Exception {
    CertificateAuthority ca = TestPki.ca("Rotation CA");
    Path cert = dir.resolve("tls/server.pem");
    Path key = dir.resolve("tls/server.key");
    CertificateAuthority.Issued a = TestPki.server(ca, cert, key);
    api = ApiFixture.start(dir.resolve("store"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pem(cert, key).withReloadInterval(Duration.ofSeconds(1))));
    assertThat(api.server.baseUrl()).startsWith("https://127.0.0.1:");
    HttpClient client = TestPki.http(TestPki.context(ca, Optional.empty()));
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(
        URI.create(api.server.baseUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(peerSerial(first)).isEqualTo(a.serial());

    CertificateAuthority.Issued b = TestPki.server(ca, cert, key);
    assertThat(b.serial()).isNotEqualTo(a.serial());
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> TestPki.servedSerial(ca, api.server.port()).equals(b.serial()));
    HttpResponse<String> after = TestPki.http(TestPki.context(ca, Optional.empty())).send(
        HttpRequest.newBuilder(URI.create(api.server.baseUrl() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(peerSerial(after)).isEqualTo(b.serial());
  }

  @Test
  void aKeyThatDoesNotMatchTheNewCertificate_keepsTheOldCertificateInUse() {
    CertificateAuthority ca = TestPki.ca("Rotation CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    CertificateAuthority.Issued a = TestPki.server(ca, cert, key);
    api = ApiFixture.start(dir.resolve("store"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pem(cert, key).withReloadInterval(Duration.ofHours(1))));
    // half of a rotation: the new certificate, still the old key
    TestPki.server(ca, dir.resolve("b.pem"), dir.resolve("b.key"));
    copy(dir.resolve("b.pem"), cert);
    assertThat(api.server.reloadTls()).isFalse();
    assertThat(TestPki.servedSerial(ca, api.server.port())).isEqualTo(a.serial());
    copy(dir.resolve("b.key"), key);
    assertThat(api.server.reloadTls()).isTrue();
    assertThat(TestPki.servedSerial(ca, api.server.port())).isNotEqualTo(a.serial());
  }

  @Test
  void tls12_isRefusedByDefault_andAcceptedWhenConfigured() {
    CertificateAuthority ca = TestPki.ca("Protocol CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    CertificateAuthority.Issued s = TestPki.server(ca, cert, key);
    api = ApiFixture.start(dir.resolve("store"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pem(cert, key)));
    assertThat(TestPki.servedSerial(ca, api.server.port(), "TLSv1.3")).isEqualTo(s.serial());
    assertThatThrownBy(() -> TestPki.servedSerial(ca, api.server.port(), "TLSv1.2"))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
    api.close();
    api = ApiFixture.start(dir.resolve("store2"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pem(cert, key).withProtocols(Set.of("TLSv1.3", "TLSv1.2"))));
    assertThat(TestPki.servedSerial(ca, api.server.port(), "TLSv1.2")).isEqualTo(s.serial());
  }

  @Test
  void pkcs12File_withItsPasswordFromAFile_isServed() throws Exception {
    CertificateAuthority ca = TestPki.ca("P12 CA");
    CertificateAuthority.Issued s = TestPki.server(ca, dir.resolve("s.pem"), dir.resolve("s.key"));
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    p12.load(null, null);
    p12.setKeyEntry("api", s.privateKey(), "p12-secret".toCharArray(),
        s.chain().toArray(Certificate[]::new));
    Path file = dir.resolve("api.p12");
    try (var out = Files.newOutputStream(file)) {
      p12.store(out, "p12-secret".toCharArray());
    }
    Path pw = Files.writeString(dir.resolve("p12.password"), "p12-secret\n");
    api = ApiFixture.start(dir.resolve("store"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pkcs12(file, pw)));
    assertThat(TestPki.servedSerial(ca, api.server.port())).isEqualTo(s.serial());
  }

  @Test
  void plainHttp_onAnAddressThatIsNotLoopback_isRefusedUnlessAllowed() {
    assertThatThrownBy(() -> ApiFixture.start(dir.resolve("a"), ApiSettings.of("0.0.0.0", 0)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("0.0.0.0").contains("query.http.allowPlaintext"));
    api = ApiFixture.start(dir.resolve("b"), ApiSettings.of("0.0.0.0", 0).withPlaintextAllowed(true));
    assertThat(api.get("/health", null, null, null).statusCode()).isEqualTo(200);
  }

  private static java.math.BigInteger peerSerial(HttpResponse<?> r) throws Exception {
    return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
