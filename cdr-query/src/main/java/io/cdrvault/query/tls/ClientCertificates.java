package io.cdrvault.query.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Checks a client certificate chain the TLS handshake accepted (the client proved it holds the
 * key; see {@code AcceptingTrustManager}) against the node's current client CAs and CRLs: PKIX path
 * validation at a given instant, the {@code clientAuth} extended key usage when the certificate
 * restricts its usage, and revocation by the configured CRLs. Done here rather than in the
 * handshake so that a refusal is an audited 401, not a TLS alert nobody records.
 *
 * <p>Thread-safe; reads the material of the latest reload.
 */
public final class ClientCertificates {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** The outcome of a check. */
  public enum Verdict {
    /** Chains to a configured CA, is within its validity and is not revoked. */
    VALID,
    /** It, or a certificate of its chain, is expired or not yet valid. */
    EXPIRED,
    /** A configured CRL lists it or a certificate of its chain. */
    REVOKED,
    /** It does not chain to a configured CA, or is not for client authentication. */
    UNTRUSTED
  }

  /**
   * A checked certificate. {@link #describe()} names it by serial and a hash of its issuer only (no
   * subject, which may name a person).
   */
  public record Checked(Verdict verdict, X509Certificate certificate) {
    public Checked {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(certificate, "certificate");
    }

    /** {@code serial <hex>, issuer <hash>}. */
    public String describe() {
      return "serial " + certificate.getSerialNumber().toString(16) + ", issuer "
          + TlsMaterial.issuerHash(certificate);
    }
  }

  private final Supplier<TlsMaterial> material;

  ClientCertificates(Supplier<TlsMaterial> material) {
    this.material = material;
  }

  /**
   * Checks {@code chain} (the client's certificate first) at {@code at}.
   *
   * @throws IllegalArgumentException if {@code chain} is empty
   */
  public Checked check(X509Certificate[] chain, Instant at) {
    if (chain.length == 0) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    X509Certificate leaf = chain[0];
    TlsMaterial m = material.get();
    Date when = Date.from(at);
    Set<X509Certificate> anchors = Set.copyOf(m.clientCas());
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (anchors.contains(c)) {
        break;
      }
      path.add(c);
    }
    for (X509Certificate c : path) {
      if (when.before(c.getNotBefore()) || when.after(c.getNotAfter())) {
        return new Checked(Verdict.EXPIRED, leaf);
      }
    }
    if (path.isEmpty() || !forClientAuthentication(leaf) || !validPath(path, m, when)) {
      return new Checked(Verdict.UNTRUSTED, leaf);
    }
    for (X509Certificate c : path) {
      for (X509CRL crl : m.crls()) {
        if (crl.getIssuerX500Principal().equals(c.getIssuerX500Principal()) && crl.isRevoked(c)) {
          return new Checked(Verdict.REVOKED, leaf);
        }
      }
    }
    return new Checked(Verdict.VALID, leaf);
  }

  private static boolean validPath(List<X509Certificate> path, TlsMaterial m, Date when) {
    if (m.clientCas().isEmpty()) {
      return false;
    }
    try {
      PKIXParameters params = new PKIXParameters(m.clientCas().stream()
          .map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet()));
      params.setRevocationEnabled(false); // the CRLs are applied above, one rule for all CAs
      params.setDate(when);
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean forClientAuthentication(X509Certificate leaf) {
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_USAGE);
    } catch (CertificateParsingException e) {
      return false;
    }
  }
}
