package io.cdrvault.query.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's sign-in through the carrier's identity provider (docs/console.md, OIDC sign-in):
 * an OpenID Connect authorization code flow with PKCE, {@code state} and {@code nonce}, run by the
 * console as a confidential client. The provider's access token becomes the bearer token of the
 * user's API calls, so the API accepts it as it accepts any of the provider's tokens ({@link
 * OidcSettings}: the same issuer, audience, keys and role mapping).
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints no secret.
 *
 * @param issuer the provider's issuer ({@code query.oidc.issuer}); discovery is read from
 *     {@code <issuer>/.well-known/openid-configuration} when the endpoints are not given
 * @param clientId the console's client id at the provider
 * @param clientSecret the console's client secret (from a secret file or the environment)
 * @param jwksUri the provider's keys, which sign its ID tokens ({@code query.oidc.jwksUrl})
 * @param authorizationEndpoint where the browser is sent to sign in; empty: from discovery
 * @param tokenEndpoint where the console exchanges the code; empty: from discovery
 * @param redirectUri the console's callback as registered at the provider; empty: {@code
 *     /console/sign-in/oidc/callback} on the scheme and host the browser used
 * @param scopes the scopes asked for ({@code openid} always among them)
 * @param providerName the name on the sign-in button
 */
public record OidcSignInSettings(String issuer, String clientId, String clientSecret, URI jwksUri,
    Optional<URI> authorizationEndpoint, Optional<URI> tokenEndpoint, Optional<URI> redirectUri,
    List<String> scopes, String providerName) {

  public OidcSignInSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(providerName, "providerName");
    List<String> problems = new ArrayList<>();
    if (clientId.isBlank() || clientSecret.isEmpty()) {
      problems.add("the client id and the client secret must not be empty");
    }
    if (authorizationEndpoint.isPresent() != tokenEndpoint.isPresent()) {
      problems.add("give both the authorization and the token endpoint, or neither (discovery)");
    }
    for (Optional<URI> u : List.of(authorizationEndpoint, tokenEndpoint, Optional.of(jwksUri),
        Optional.of(URI.create(issuer)))) {
      if (u.isPresent() && !secureUrl(u.get())) {
        problems.add("the provider's URLs must be https (http only on a loopback address)");
        break;
      }
    }
    if (redirectUri.isPresent() && !redirectUri.get().getPath().endsWith("/console/sign-in/oidc/callback")) {
      problems.add("the redirect URI must end in /console/sign-in/oidc/callback");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    List<String> s = new ArrayList<>(scopes);
    if (!s.contains("openid")) {
      s.add(0, "openid");
    }
    scopes = List.copyOf(s);
    providerName = providerName.isBlank() ? "the identity provider" : providerName.strip();
  }

  /** Whether {@code u} may be a provider URL: https, or http on a loopback address. */
  public static boolean secureUrl(URI u) {
    return "https".equals(u.getScheme())
        || ("http".equals(u.getScheme()) && OidcSettings.isLoopback(u.getHost()));
  }

  @Override
  public String toString() {
    return "OidcSignInSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***]";
  }
}
