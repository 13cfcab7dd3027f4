package io.cdrvault.query.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What identifies a principal's client certificate in the principals file: its subject
 * distinguished name, or one subject alternative name (DNS name, URI or e-mail address). Subjects
 * are compared as X.500 names (RFC 2253 canonical form: case and spacing do not matter); DNS names
 * and e-mail addresses without regard to case; URIs exactly. The certificate must also be valid
 * for the node's client CAs ({@code http.tls.clientCaFile}): the name alone identifies no one.
 *
 * <p>Immutable and thread-safe.
 */
public record CertificateIdentity(Kind kind, String value) {

  /** Which part of the certificate is compared. */
  public enum Kind {
    SUBJECT("subject", -1), DNS("dns", 2), URI("uri", 6), EMAIL("email", 1);

    private final String key;
    private final int generalNameTag;

    Kind(String key, int generalNameTag) {
      this.key = key;
      this.generalNameTag = generalNameTag;
    }

    /** The key naming this kind in the principals file. */
    public String key() {
      return key;
    }
  }

  /** The keys of the {@code certificate} mapping in the principals file. */
  public static final List<String> KEYS = List.of("subject", "dns", "uri", "email");

  public CertificateIdentity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a certificate " + kind.key + " must not be blank");
    }
    if (kind == Kind.SUBJECT) {
      // canonical, so that equal names given differently are one identity
      value = new X500Principal(value).getName(X500Principal.CANONICAL);
    } else if (kind != Kind.URI) {
      value = value.strip().toLowerCase(Locale.ROOT);
    }
  }

  /** The identity named by a principals file key ({@code subject}, {@code dns}, {@code uri}, {@code email}). */
  public static CertificateIdentity of(String key, String value) {
    for (Kind k : Kind.values()) {
      if (k.key.equals(key)) {
        return new CertificateIdentity(k, value);
      }
    }
    throw new IllegalArgumentException("a certificate is named by one of " + KEYS);
  }

  /** True if {@code certificate} carries this subject or subject alternative name. */
  public boolean matches(X509Certificate certificate) {
    if (kind == Kind.SUBJECT) {
      return certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL).equals(value);
    }
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (names == null) {
      return false;
    }
    for (List<?> n : names) {
      if (n.size() >= 2 && n.get(0) instanceof Integer tag && tag == kind.generalNameTag
          && n.get(1) instanceof String s) {
        if (kind == Kind.URI ? s.equals(value) : s.toLowerCase(Locale.ROOT).equals(value)) {
          return true;
        }
      }
    }
    return false;
  }
}
