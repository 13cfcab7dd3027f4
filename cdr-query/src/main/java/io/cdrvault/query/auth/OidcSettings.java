package io.cdrvault.query.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the node accepts the carrier's identity provider's access tokens (OIDC / OAuth 2 JWTs) beside
 * the static bearer tokens of {@link Principals}.
 *
 * @param issuer the exact {@code iss} every token must carry
 * @param audience the value {@code aud} must contain
 * @param jwksUri where the provider publishes its signing keys; {@code https}, or {@code http}
 *     only on a loopback address (a test or a local sidecar)
 * @param principalClaim the claim naming the caller (its value, prefixed {@value #NAME_PREFIX}, is
 *     the principal name in the audit ledger)
 * @param rolesClaim the claim holding the caller's roles; a dotted path reaches into objects
 *     ({@code realm_access.roles}); a JSON array of strings or one space-separated string
 * @param roleMapping provider role to cdrvault role; empty = the claim's values are cdrvault role
 *     names
 * @param algorithms the JWS algorithms accepted (asymmetric only: a provider's public key must
 *     never be usable as an HMAC secret)
 * @param clockSkew the tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param jwksCacheTtl how long fetched keys are used before the set is fetched again
 * @param jwksRefreshMinInterval the least time between two fetches, also when tokens name a key
 *     id the cached set does not hold (a rotated key): bounds what unknown {@code kid}s can cost
 */
public record OidcSettings(String issuer, String audience, URI jwksUri, String principalClaim,
    String rolesClaim, Map<String, Set<String>> roleMapping, Set<String> algorithms,
    Duration clockSkew, Duration jwksCacheTtl, Duration jwksRefreshMinInterval) {

  /** Prefix of the principal names of provider-authenticated callers. */
  public static final String NAME_PREFIX = "oidc:";
  /** The algorithms that may be configured. */
  public static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(principalClaim, "principalClaim");
    Objects.requireNonNull(rolesClaim, "rolesClaim");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(jwksCacheTtl, "jwksCacheTtl");
    Objects.requireNonNull(jwksRefreshMinInterval, "jwksRefreshMinInterval");
    List<String> problems = new ArrayList<>();
    if (issuer.isBlank()) {
      problems.add("issuer must not be blank");
    }
    if (audience.isBlank()) {
      problems.add("audience must not be blank");
    }
    if (principalClaim.isBlank() || rolesClaim.isBlank()) {
      problems.add("principalClaim and rolesClaim must not be blank");
    }
    if (!"https".equals(jwksUri.getScheme())
        && !("http".equals(jwksUri.getScheme()) && isLoopback(jwksUri.getHost()))) {
      problems.add("jwksUrl must be an https URL (http only on a loopback address)");
    }
    if (algorithms.isEmpty() || !ASYMMETRIC_ALGORITHMS.containsAll(algorithms)) {
      problems.add("algorithms must be a non-empty subset of " + ASYMMETRIC_ALGORITHMS.stream().sorted().toList());
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      problems.add("clockSkew must be 0..300 seconds");
    }
    if (jwksRefreshMinInterval.compareTo(Duration.ofSeconds(1)) < 0
        || jwksCacheTtl.compareTo(jwksRefreshMinInterval) < 0) {
      problems.add("the JWKS refresh interval must be at least 1 s and at most the cache time");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    roleMapping = Map.copyOf(roleMapping);
    algorithms = Set.copyOf(algorithms);
  }

  /**
   * Parses role mapping entries of the form {@code providerRole=cdrvaultRole}; one provider role
   * may map to several cdrvault roles (several entries).
   *
   * @throws IllegalArgumentException naming the first entry that is not of that form
   */
  public static Map<String, Set<String>> parseRoleMapping(List<String> entries) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1 || entry.indexOf('=', eq + 1) >= 0) {
        throw new IllegalArgumentException("role mapping entries must be providerRole=cdrvaultRole");
      }
      out.computeIfAbsent(entry.substring(0, eq).strip(), k -> new java.util.LinkedHashSet<>())
          .add(entry.substring(eq + 1).strip());
    }
    out.replaceAll((k, v) -> Set.copyOf(v));
    return out;
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      // only literal addresses: a name is not resolved here
      return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
