package io.cdrvault.query.http;

import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.tls.ClientCertificates;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Rules;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * What a request's client certificate says about its caller, next to what its bearer token says
 * (docs/adr/0030): a certificate that is expired, revoked or not of a configured client CA is
 * refused even with a valid token; a valid one identifies its principal when no Authorization
 * header is sent, must name the token's principal when both identify one, and is ignored when it
 * identifies no one but the token does. Stateless and thread-safe.
 */
final class CertificateCaller {
  /** The request attribute holding the client's certificate chain (the servlet API's name). */
  private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  private final Optional<ClientCertificates> certificates;
  private final TokenAuthenticator auth;

  CertificateCaller(Optional<ClientCertificates> certificates, TokenAuthenticator auth) {
    this.certificates = certificates;
    this.auth = auth;
  }

  /**
   * The caller after the certificate is considered, the rule that refuses it (null: none), and
   * the certificate as the log names it (serial and issuer hash; null: none was sent).
   */
  record Outcome(Optional<Principal> principal, String refusedBy, String description) {}

  /**
   * @param byToken the principal the Authorization header identified
   * @param headersSent how many Authorization headers the request sent
   */
  Outcome resolve(Context ctx, Optional<Principal> byToken, int headersSent, Instant now) {
    ClientCertificates.Checked cert = check(ctx, now);
    if (cert == null) {
      return new Outcome(byToken, null, null);
    }
    Optional<Principal> byCert = cert.verdict() == ClientCertificates.Verdict.VALID
        ? auth.byCertificate(cert.certificate()) : Optional.empty();
    String rule = switch (cert.verdict()) {
      case EXPIRED -> Rules.CERTIFICATE_EXPIRED;
      case REVOKED -> Rules.CERTIFICATE_REVOKED;
      case UNTRUSTED -> Rules.CERTIFICATE_UNTRUSTED;
      case VALID -> byCert.isPresent() && byToken.isPresent()
          && !byCert.get().name().equals(byToken.get().name()) ? Rules.CERTIFICATE_MISMATCH
          : byCert.isEmpty() && headersSent == 0 ? Rules.CERTIFICATE_UNKNOWN : null;
    };
    if (rule != null) {
      return new Outcome(Optional.empty(), rule, cert.describe());
    }
    return new Outcome(headersSent == 0 ? byCert : byToken, null, cert.describe());
  }

  private ClientCertificates.Checked check(Context ctx, Instant now) {
    if (certificates.isEmpty()) {
      return null;
    }
    Object chain = ctx.req().getAttribute(CLIENT_CERTIFICATES);
    if (!(chain instanceof X509Certificate[] certs) || certs.length == 0) {
      return null;
    }
    return certificates.get().check(certs, now);
  }

  /** The 401 message of a certificate refusal. */
  static String reason(String rule) {
    return switch (rule) {
      case Rules.CERTIFICATE_EXPIRED -> "the client certificate is expired or not yet valid";
      case Rules.CERTIFICATE_REVOKED -> "the client certificate is revoked";
      case Rules.CERTIFICATE_UNTRUSTED -> "the client certificate is not issued by a CA this node "
          + "trusts for clients, or not for client authentication";
      case Rules.CERTIFICATE_MISMATCH -> "the client certificate and the bearer token identify "
          + "different principals";
      default -> "the client certificate identifies no principal; send a bearer token";
    };
  }
}
