package io.cdrvault.query.http;

import io.cdrvault.store.crypto.x509.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Real certificates for TLS tests: a CA valid from 2020 for ten years (so both the API fixture's
 * fixed clock and the real clock fall inside it), server certificates for 127.0.0.1 and
 * localhost valid now (the client checks them with the real clock), client certificates, and
 * client-side {@link SSLContext}s that trust the CA and optionally present a client certificate.
 */
final class TestPki {
  static final Instant NOW = Instant.now();
  static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

  private TestPki() {}

  static CertificateAuthority ca(String name) {
    return CertificateAuthority.create(name, LONG_AGO, NOW.plus(Duration.ofDays(3650)));
  }

  /** A server certificate for 127.0.0.1 and localhost, written as PEM to {@code cert}/{@code key}. */
  static CertificateAuthority.Issued server(CertificateAuthority ca, Path cert, Path key) {
    CertificateAuthority.Issued s = ca.issue("CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"),
        CertificateAuthority.Usage.SERVER, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    s.writePem(cert, key);
    return s;
  }

  /** A client certificate valid from {@code from} to {@code to}. */
  static CertificateAuthority.Issued client(CertificateAuthority ca, String subject, List<String> sans,
      Instant from, Instant to) {
    return ca.issue(subject, sans, CertificateAuthority.Usage.CLIENT, from, to);
  }

  /** A TLS client context trusting {@code ca}, presenting {@code client} when given; no session reuse. */
  static SSLContext context(CertificateAuthority ca, Optional<CertificateAuthority.Issued> client) {
    return context(ca, client, false);
  }

  /**
   * As {@link #context(CertificateAuthority, Optional)}; with {@code always}, the client
   * certificate is sent even when its CA is not among those the server names (a standard key
   * manager would then send none).
   */
  static SSLContext context(CertificateAuthority ca, Optional<CertificateAuthority.Issued> client,
      boolean always) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (client.isPresent()) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.get().privateKey(), "pw".toCharArray(),
            client.get().chain().toArray(Certificate[]::new));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      javax.net.ssl.KeyManager[] km = kmf == null ? null : kmf.getKeyManagers();
      if (always && km != null) {
        km = new javax.net.ssl.KeyManager[] {
            new AlwaysPresent((javax.net.ssl.X509ExtendedKeyManager) km[0])};
      }
      ctx.init(km, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HTTP client on a new context (so a new connection and handshake). */
  static HttpClient http(SSLContext ctx) {
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The serial of the certificate the server presents to a new TLS connection on {@code port}. */
  static BigInteger servedSerial(CertificateAuthority ca, int port, String... protocols) {
    SSLContext ctx = context(ca, Optional.empty());
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      if (protocols.length > 0) {
        s.setEnabledProtocols(protocols);
      }
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Presents the one client certificate whatever issuers the server names. */
  private static final class AlwaysPresent extends javax.net.ssl.X509ExtendedKeyManager {
    private final javax.net.ssl.X509ExtendedKeyManager keys;

    AlwaysPresent(javax.net.ssl.X509ExtendedKeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
        java.net.Socket socket) {
      return "client";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
        javax.net.ssl.SSLEngine engine) {
      return "client";
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
        java.net.Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}
