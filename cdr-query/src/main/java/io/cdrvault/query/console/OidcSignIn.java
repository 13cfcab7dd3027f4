package io.cdrvault.query.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cdrvault.query.auth.OidcSignInSettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * The OpenID Connect authorization code flow of the console's sign-in (Nimbus OAuth 2.0 SDK): the
 * authorization request with {@code state}, {@code nonce} and a PKCE challenge (S256); the code
 * exchanged at the token endpoint with the client's secret (HTTP Basic) and the PKCE verifier; the
 * ID token checked (signature by the provider's keys, issuer, audience = the client id, expiry, the
 * nonce). What the console keeps is the access token: the user's bearer token for the API, which
 * the API then checks itself. Endpoints come from the settings or, once, from discovery.
 *
 * <p>Thread-safe. Never logs or prints a code or token.
 */
final class OidcSignIn {
  private static final int TIMEOUT_MS = 5_000;
  private static final Set<JWSAlgorithm> ID_TOKEN_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

  /** A sign-in the browser started: what the callback must match and send. */
  record Pending(State state, Nonce nonce, CodeVerifier verifier, URI redirect, String browser,
      Instant startedAt) {
    Pending {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(redirect, "redirect");
      Objects.requireNonNull(browser, "browser");
    }

    @Override
    public String toString() {
      return "Pending[***]";
    }
  }

  /** The access token and when it expires (null: the provider did not say). */
  record Tokens(String accessToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "Tokens[***]";
    }
  }

  /** The sign-in failed; the message is safe to show (it holds no code or token). */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message, null, false, false);
    }
  }

  private record Endpoints(URI authorization, URI token) {}

  private final OidcSignInSettings settings;
  private final IDTokenValidator idTokens;
  private volatile Endpoints endpoints;

  OidcSignIn(OidcSignInSettings settings) {
    this.settings = settings;
    settings.authorizationEndpoint().ifPresent(a ->
        endpoints = new Endpoints(a, settings.tokenEndpoint().orElseThrow()));
    try {
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(settings.jwksUri().toURL())
          .retrying(true).build();
      this.idTokens = new IDTokenValidator(new Issuer(settings.issuer()),
          new ClientID(settings.clientId()), new JWSVerificationKeySelector<>(ID_TOKEN_ALGORITHMS, keys),
          null);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("the provider's JWKS URL is not a URL", e);
    }
  }

  String providerName() {
    return settings.providerName();
  }

  /** The configured callback, or null (then the browser's scheme and host). */
  URI configuredRedirect() {
    return settings.redirectUri().orElse(null);
  }

  /** Where to send the browser to start {@code p}. */
  URI authorizationRequest(Pending p) throws Failed {
    return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
        new Scope(settings.scopes().toArray(String[]::new)), new ClientID(settings.clientId()),
        p.redirect())
        .state(p.state()).nonce(p.nonce()).codeChallenge(p.verifier(), CodeChallengeMethod.S256)
        .endpointURI(endpoints().authorization()).build().toURI();
  }

  /** Exchanges {@code code} of {@code p} for tokens and checks the ID token. */
  Tokens exchange(String code, Pending p) throws Failed {
    TokenRequest request = new TokenRequest(endpoints().token(),
        new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
        new AuthorizationCodeGrant(new AuthorizationCode(code), p.redirect(), p.verifier()));
    TokenResponse response;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      response = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException | com.nimbusds.oauth2.sdk.ParseException e) {
      throw new Failed("the identity provider's token endpoint did not answer usably");
    }
    if (!response.indicatesSuccess()) {
      TokenErrorResponse error = response.toErrorResponse();
      throw new Failed("the identity provider refused the sign-in ("
          + (error.getErrorObject() == null ? "no error code" : error.getErrorObject().getCode()) + ")");
    }
    if (!(response instanceof OIDCTokenResponse oidc)) {
      throw new Failed("the identity provider sent no ID token");
    }
    OIDCTokens tokens = oidc.getOIDCTokens();
    try {
      idTokens.validate(tokens.getIDToken(), p.nonce());
    } catch (BadJOSEException | JOSEException e) {
      throw new Failed("the identity provider's ID token is not valid (" + e.getClass().getSimpleName() + ")");
    }
    AccessToken access = tokens.getAccessToken();
    return new Tokens(access.getValue(), expiry(access));
  }

  private static Instant expiry(AccessToken access) {
    try {
      Date exp = JWTParser.parse(access.getValue()).getJWTClaimsSet().getExpirationTime();
      if (exp != null) {
        return exp.toInstant();
      }
    } catch (ParseException e) {
      // not a JWT: its lifetime, if given
    }
    return access.getLifetime() > 0 ? Instant.now().plusSeconds(access.getLifetime()) : null;
  }

  private Endpoints endpoints() throws Failed {
    Endpoints e = endpoints;
    if (e != null) {
      return e;
    }
    try {
      OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()),
          TIMEOUT_MS, TIMEOUT_MS);
      if (m.getAuthorizationEndpointURI() == null || m.getTokenEndpointURI() == null) {
        throw new Failed("the identity provider's discovery document names no authorization or token endpoint");
      }
      if (!OidcSignInSettings.secureUrl(m.getAuthorizationEndpointURI())
          || !OidcSignInSettings.secureUrl(m.getTokenEndpointURI())) {
        throw new Failed("the identity provider's endpoints must be https (http only on loopback)");
      }
      e = new Endpoints(m.getAuthorizationEndpointURI(), m.getTokenEndpointURI());
      endpoints = e;
      return e;
    } catch (GeneralException | IOException ex) {
      throw new Failed("the identity provider's discovery document could not be read");
    }
  }

  @Override
  public String toString() {
    return "OidcSignIn[" + settings + "]";
  }
}
