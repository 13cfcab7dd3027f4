package io.cdrvault.query.http;

import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Rules;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling: the first step of the {@link AccessFlow}. Resolves the bearer token and the
 * client certificate to a principal, and answers and counts the refusals of callers who have not
 * authenticated (401, 429) — nothing of such a request is read or recorded but the count.
 *
 * <p>Thread-safe. Logs operation names, rules and certificate descriptions (serial, issuer hash).
 */
final class Authentication {
  private static final Logger log = LoggerFactory.getLogger(Authentication.class);

  private final TokenAuthenticator auth;
  private final CertificateCaller certificates;
  private final RateLimiter limiter;
  private final DenialAggregator denials;
  private final AccessMetrics metrics;
  private final ApiErrors errors;
  private final Clock clock;

  Authentication(TokenAuthenticator auth, CertificateCaller certificates, RateLimiter limiter,
      DenialAggregator denials, AccessMetrics metrics, ApiErrors errors, Clock clock) {
    this.auth = auth;
    this.certificates = certificates;
    this.limiter = limiter;
    this.denials = denials;
    this.metrics = metrics;
    this.errors = errors;
    this.clock = clock;
  }

  /**
   * Bearer token and client certificate, then — for a caller without a valid one — the per-address
   * rate limit. Refusals here are of callers who have not authenticated: they are counted into one
   * audit entry per interval ({@link DenialAggregator}), not written one by one, and nothing of the
   * request (purpose, scope, case) is recorded for them. Authenticated callers are not held to the
   * per-address limit (a billing job asks for every customer from one address); each of their
   * requests is audited under their name.
   *
   * <p>A client certificate that is expired, revoked or not of a configured CA is refused even
   * with a valid token; a valid one identifies its principal when no Authorization header is sent,
   * must name the token's principal when both identify one, and is ignored when it identifies no
   * one but the token does (docs/adr/0030).
   */
  Optional<Principal> authenticate(Context ctx, String operation, String purposeTag) {
    int sent = CpniHeaders.count(ctx, CpniHeaders.AUTHORIZATION);
    String authorization = ctx.header(CpniHeaders.AUTHORIZATION);
    Optional<Principal> principal = sent > 1 ? Optional.empty() : auth.authenticate(authorization);
    CertificateCaller.Outcome byCertificate = certificates.resolve(ctx, principal, sent,
        clock.instant());
    principal = byCertificate.principal();
    String certificateRule = byCertificate.refusedBy();
    if (certificateRule != null) {
      log.info("{}: client certificate refused by rule {} ({})", operation, certificateRule,
          byCertificate.description());
    }
    if (principal.isPresent()) {
      return principal;
    }
    if (!limiter.tryAcquire(ctx.req().getRemoteAddr())) {
      denials.count(operation, Rules.RATE_LIMITED);
      metrics.record(purposeTag, AccessMetrics.DENIED);
      ctx.header("Retry-After", "1");
      errors.write(ctx, 429, ApiErrors.RATE_LIMITED, Rules.RATE_LIMITED,
          "too many unauthenticated requests from this address; retry later", null);
      return Optional.empty();
    }
    String realm = "Bearer realm=\"cdrvault\"";
    if (certificateRule != null) {
      denials.count(operation, certificateRule);
      metrics.record(purposeTag, AccessMetrics.DENIED);
      ctx.header("WWW-Authenticate", realm);
      errors.write(ctx, 401, ApiErrors.UNAUTHENTICATED, certificateRule,
          CertificateCaller.reason(certificateRule), null);
      return Optional.empty();
    }
    boolean presented = sent > 0 && authorization != null && !authorization.isBlank();
    String reason = sent > 1 ? "header Authorization must be sent once"
        : presented ? "the bearer token is malformed or not recognised"
        : "a bearer token is required (Authorization: Bearer <token>)";
    denials.count(operation, Rules.UNAUTHENTICATED);
    metrics.record(purposeTag, AccessMetrics.DENIED);
    ctx.header("WWW-Authenticate", sent > 1 ? realm + ", error=\"invalid_request\""
        : presented ? realm + ", error=\"invalid_token\"" : realm);
    errors.write(ctx, 401, ApiErrors.UNAUTHENTICATED, Rules.UNAUTHENTICATED, reason, null);
    return Optional.empty();
  }
}
