package io.cdrvault.query.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's trust manager for client certificates: names the configured client CAs in the
 * handshake (so a client picks the right certificate) and accepts any chain the client presents —
 * the handshake has still checked that the client holds the certificate's key (CertificateVerify).
 * {@link ClientCertificates} validates the chain per request, where a refusal is an audited 401.
 * It never trusts a server (the API is not a TLS client).
 *
 * <p>Thread-safe.
 */
final class AcceptingTrustManager extends X509ExtendedTrustManager {
  private final Supplier<List<X509Certificate>> cas;

  AcceptingTrustManager(Supplier<List<X509Certificate>> cas) {
    this.cas = cas;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    requireChain(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("the API trusts no server");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the API trusts no server");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the API trusts no server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return cas.get().toArray(X509Certificate[]::new);
  }

  private static void requireChain(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
  }
}
