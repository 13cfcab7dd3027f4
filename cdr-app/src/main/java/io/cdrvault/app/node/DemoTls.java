package io.cdrvault.app.node;

import io.cdrvault.query.auth.CertificateIdentity;
import io.cdrvault.query.tls.TlsSettings;
import io.cdrvault.store.crypto.x509.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's HTTPS material under {@code DATA/tls}: a local CA ({@code ca.pem}, its key owner-only),
 * a server certificate for {@code localhost} and {@code 127.0.0.1}, and a client certificate for
 * the demo's certificate-authenticated billing job. Created on the first run and reused; a server
 * or client certificate within 30 days of its end is issued again. Demo only: a node that
 * {@code serve}s uses the carrier's certificates (docs/operations.md, TLS).
 *
 * <p>Paths are relative to the data directory as given, so the printed commands work from where
 * the demo was started.
 */
record DemoTls(Path caCertificate, Path serverCertificate, Path serverKey, Path clientCertificate,
    Path clientKey) {
  private static final Logger LOG = LoggerFactory.getLogger(DemoTls.class);
  /** The subject of the demo billing job's client certificate (its principal in the demo). */
  static final String CLIENT_SUBJECT = "CN=billing-batch,O=cdrvault demo";
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** The material under {@code dataDir/tls}, created or renewed as needed. */
  static DemoTls ensure(Path dataDir) {
    Path dir = dataDir.resolve("tls");
    DemoTls t = new DemoTls(dir.resolve("ca.pem"), dir.resolve("server.pem"),
        dir.resolve("server.key"), dir.resolve("billing-client.pem"), dir.resolve("billing-client.key"));
    Instant now = Instant.now();
    Path caKey = dir.resolve("ca.key");
    CertificateAuthority ca;
    if (Files.exists(t.caCertificate) && Files.exists(caKey)) {
      ca = CertificateAuthority.load(t.caCertificate, caKey);
    } else {
      ca = CertificateAuthority.create("cdrvault demo CA", now.minus(Duration.ofDays(1)),
          now.plus(Duration.ofDays(5 * 365)));
      ca.save(t.caCertificate, caKey);
      LOG.warn("DEMO ONLY: generated a local CA in {}; a production node uses the carrier's "
          + "certificates (query.http.tls.*)", dir);
    }
    if (renew(t.serverCertificate, now)) {
      ca.issue("CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"),
          CertificateAuthority.Usage.SERVER, now.minus(Duration.ofDays(1)),
          now.plus(Duration.ofDays(365))).writePem(t.serverCertificate, t.serverKey);
    }
    if (renew(t.clientCertificate, now)) {
      ca.issue(CLIENT_SUBJECT, List.of(), CertificateAuthority.Usage.CLIENT,
          now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)))
          .writePem(t.clientCertificate, t.clientKey);
    }
    return t;
  }

  /** HTTPS with these files, asking for client certificates of the demo CA. */
  TlsSettings settings() {
    return TlsSettings.pem(serverCertificate, serverKey)
        .withClientCertificates(caCertificate, Optional.empty());
  }

  /** How the principals file names the demo billing job's certificate. */
  static CertificateIdentity clientIdentity() {
    return CertificateIdentity.of("subject", CLIENT_SUBJECT);
  }

  private static boolean renew(Path cert, Instant now) {
    if (!Files.exists(cert)) {
      return true;
    }
    X509Certificate c = CertificateAuthority.readCertificates(cert).get(0);
    return c.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
  }
}
