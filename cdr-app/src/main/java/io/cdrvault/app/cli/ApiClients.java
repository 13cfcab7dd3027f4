package io.cdrvault.app.cli;

import io.cdrvault.store.crypto.x509.CertificateAuthority;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP client the API commands use: the JDK's trust store, or — with {@code --cacert FILE} —
 * only the CA certificates in that PEM file (a node with a certificate of the carrier's own CA, or
 * the demo's local CA), as {@code curl --cacert} does. Host names are always verified.
 *
 * <p>Stateless and thread-safe.
 */
final class ApiClients {
  private ApiClients() {}

  /**
   * A client trusting {@code cacert}'s certificates when given, else the JDK's.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or holds no certificate
   */
  static HttpClient http(Optional<Path> cacert) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (cacert.isPresent()) {
      b.sslContext(trusting(cacert.get()));
    }
    return b.build();
  }

  private static SSLContext trusting(Path file) {
    List<X509Certificate> cas;
    try {
      cas = CertificateAuthority.readCertificates(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--cacert " + file + ": " + e.getMessage(), e);
    }
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust for --cacert " + file, e);
    }
  }
}
