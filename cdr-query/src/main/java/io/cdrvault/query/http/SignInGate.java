package io.cdrvault.query.http;

import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Rules;
import java.util.Objects;
import java.util.Optional;

/**
 * A site's sign-in with a bearer token (the console's form, docs/adr/0034): the same
 * {@link TokenAuthenticator}, the same per-address rate limit and the same counted refusal
 * ({@link DenialAggregator}, one audit entry per operation and rule per interval) as the API's
 * 401 and 429. Nothing of the token is recorded.
 *
 * <p>Thread-safe.
 */
public final class SignInGate {
  /** The outcome: the principal, or the rule that refused ({@code unauthenticated}, {@code rate-limited}). */
  public record Outcome(Optional<Principal> principal, String refusedBy) {
    public Outcome {
      Objects.requireNonNull(principal, "principal");
    }
  }

  private final TokenAuthenticator auth;
  private final RateLimiter limiter;
  private final DenialAggregator denials;
  private final AccessMetrics metrics;

  SignInGate(TokenAuthenticator auth, RateLimiter limiter, DenialAggregator denials,
      AccessMetrics metrics) {
    this.auth = auth;
    this.limiter = limiter;
    this.denials = denials;
    this.metrics = metrics;
  }

  /**
   * Admits a step of a sign-in that carries no credential yet (starting a sign-in through the
   * identity provider) from {@code remoteAddress}, under the same per-address rate limit as the
   * API's unauthenticated requests; false (counted and audited under {@code operation} as
   * {@code rate-limited}, like the API's 429) when the address has used up its budget.
   */
  public boolean admit(String remoteAddress, String operation) {
    if (limiter.tryAcquire(remoteAddress)) {
      return true;
    }
    denials.count(operation, Rules.RATE_LIMITED);
    metrics.record(AccessMetrics.NONE, AccessMetrics.DENIED);
    return false;
  }

  /**
   * Authenticates {@code token} sent from {@code remoteAddress}; a refusal is counted under
   * {@code operation} like the API's unauthenticated refusals.
   */
  public Outcome signIn(String remoteAddress, String operation, String token) {
    String t = token == null ? "" : token.strip();
    // a bearer token is one header value: no spaces or line breaks inside
    Optional<Principal> p = t.isEmpty() || t.chars().anyMatch(c -> c <= ' ' || c > '~')
        ? Optional.empty() : auth.authenticate("Bearer " + t);
    if (p.isPresent()) {
      return new Outcome(p, null);
    }
    String rule = limiter.tryAcquire(remoteAddress) ? Rules.UNAUTHENTICATED : Rules.RATE_LIMITED;
    denials.count(operation, rule);
    metrics.record(AccessMetrics.NONE, AccessMetrics.DENIED);
    return new Outcome(Optional.empty(), rule);
  }
}
