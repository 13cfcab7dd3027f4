package io.cdrvault.query.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.cdrvault.store.access.Principal;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the identity provider's access tokens (signed JWTs) with nimbus-jose-jwt: the signature
 * with a key of the provider's JWKS (fetched, cached, refetched at most once per configured
 * interval, also when a token names an unknown {@code kid} — a rotated key), one of the configured
 * asymmetric algorithms only ({@code none} and HMAC are refused, so a public key can never serve as
 * a MAC secret), the type ({@code JWT}, {@code at+jwt} or none), {@code iss} exactly, {@code aud}
 * containing the configured audience, {@code exp} required and {@code nbf}/{@code iat} within the
 * clock skew. The caller's roles come from the configured claim through the role mapping.
 *
 * <p>Nothing of a token is logged: a refusal logs its kind only. Thread-safe.
 */
public final class JwtAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  /** Longest token accepted. */
  static final int MAX_TOKEN_LENGTH = 8192;
  /** What a principal name taken from a claim may contain (it is written to the audit ledger). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:+\\-]{1,128}");
  private static final int JWKS_TIMEOUT_MS = 3000;
  private static final int JWKS_SIZE_LIMIT = 256 * 1024;

  private final OidcSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;

  private JwtAuthenticator(OidcSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUri().toURL(),
              new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_SIZE_LIMIT))
          .cache(settings.jwksCacheTtl().toMillis(), JWKS_TIMEOUT_MS)
          .rateLimited(settings.jwksRefreshMinInterval().toMillis())
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("jwksUrl is not a URL", e);
    }
    Set<JWSAlgorithm> algorithms = settings.algorithms().stream().map(JWSAlgorithm::parse)
        .collect(Collectors.toUnmodifiableSet());
    processor = new DefaultJWTProcessor<>();
    Set<JOSEObjectType> types = new HashSet<>(Arrays.asList(JOSEObjectType.JWT,
        new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(types));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        // nimbus asks these sets whether they contain null: Set.of would throw
        new HashSet<>(Set.of(settings.audience())),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        new HashSet<>(Set.of("iss", "aud", "exp", settings.principalClaim())),
        new HashSet<>());
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** An authenticator for the provider described by {@code settings}; fetches nothing yet. */
  public static JwtAuthenticator create(OidcSettings settings) {
    return new JwtAuthenticator(settings);
  }

  /** True when {@code token} has the shape of a compact JWS (three dot-separated parts). */
  static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return first > 0 && second > first + 1 && second < token.length() - 1
        && token.indexOf('.', second + 1) < 0;
  }

  /**
   * The principal the token identifies, or empty when it is not a valid token of the provider
   * (bad signature, unknown key after the bounded refresh, wrong algorithm, issuer or audience,
   * expired, no usable principal claim).
   */
  public Optional<Principal> authenticate(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.debug("identity provider token refused: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
    Object subject = claims.getClaim(settings.principalClaim());
    if (!(subject instanceof String name) || !NAME.matcher(name).matches()) {
      LOG.debug("identity provider token refused: claim {} is missing or not a usable name",
          settings.principalClaim());
      return Optional.empty();
    }
    return Optional.of(new Principal(OidcSettings.NAME_PREFIX + name, roles(claims), Optional.empty()));
  }

  private Set<String> roles(JWTClaimsSet claims) {
    Object node = claims.getClaims();
    for (String part : settings.rolesClaim().split("\\.")) {
      node = node instanceof Map<?, ?> m ? m.get(part) : null;
    }
    List<String> provided = new ArrayList<>();
    if (node instanceof String s) {
      provided.addAll(List.of(s.strip().split("\\s+")));
    } else if (node instanceof Collection<?> c) {
      c.forEach(v -> {
        if (v instanceof String s) {
          provided.add(s);
        }
      });
    }
    Set<String> roles = new LinkedHashSet<>();
    Map<String, Set<String>> mapping = settings.roleMapping();
    for (String r : provided) {
      if (mapping.isEmpty()) {
        roles.add(r);
      } else {
        roles.addAll(mapping.getOrDefault(r, Set.of()));
      }
    }
    roles.removeIf(String::isBlank);
    return roles;
  }

  @Override
  public String toString() {
    return "JwtAuthenticator[issuer=" + settings.issuer() + "]";
  }
}
