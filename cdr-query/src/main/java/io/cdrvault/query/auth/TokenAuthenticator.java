package io.cdrvault.query.auth;

import io.cdrvault.store.access.Principal;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>} headers (RFC 6750): a token of the shape of a
 * JWT is validated by the identity provider's {@link JwtAuthenticator} when one is configured (and
 * only there: no fall-back to the static tokens); any other token against the SHA-256 hashes in
 * {@link Principals}. The presented token is hashed and compared with every stored hash
 * in constant time ({@link MessageDigest#isEqual}); the loop never stops early, so timing does not
 * reveal which principal, if any, matched. Tokens are never logged or kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenAuthenticator {
  private static final String SCHEME = "bearer";
  /** Longest static token accepted; longer ones are refused before hashing. */
  static final int MAX_TOKEN_LENGTH = 512;

  private final Principals principals;
  private final List<Principals.Entry> entries;
  private final List<byte[]> hashes;
  private final Optional<JwtAuthenticator> provider;

  private TokenAuthenticator(Principals principals, Optional<JwtAuthenticator> provider) {
    this.principals = Objects.requireNonNull(principals, "principals");
    // principals identified by a certificate only have no token to compare
    this.entries = principals.entries().stream().filter(e -> e.tokenSha256() != null).toList();
    this.hashes = entries.stream().map(Principals.Entry::tokenSha256).toList();
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /** Static tokens only. */
  public static TokenAuthenticator create(Principals principals) {
    return new TokenAuthenticator(principals, Optional.empty());
  }

  /** Static tokens, and the identity provider's JWTs when {@code provider} is present. */
  public static TokenAuthenticator create(Principals principals, Optional<JwtAuthenticator> provider) {
    return new TokenAuthenticator(principals, provider);
  }

  /**
   * The principal whose token the header carries.
   *
   * @param authorizationHeader the raw header value, may be null
   * @return empty when the header is missing, not a well-formed bearer credential, or the token
   *     matches no principal
   */
  public Optional<Principal> authenticate(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    if (token == null) {
      return Optional.empty();
    }
    if (provider.isPresent() && JwtAuthenticator.looksLikeJwt(token)) {
      return provider.get().authenticate(token);
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    byte[] presented = Principals.sha256(token);
    Principal match = null;
    for (int i = 0; i < hashes.size(); i++) {
      if (MessageDigest.isEqual(hashes.get(i), presented) && match == null) {
        match = entries.get(i).principal();
      }
    }
    return Optional.ofNullable(match);
  }

  /**
   * The principal a client certificate identifies ({@link Principals#byCertificate}); the caller
   * has already checked that the certificate is valid for the node's client CAs.
   */
  public Optional<Principal> byCertificate(java.security.cert.X509Certificate certificate) {
    return principals.byCertificate(certificate);
  }

  /**
   * True when the header is a syntactically valid bearer credential (whether or not the token is
   * known): lets the caller tell "no credentials" from "bad credentials".
   */
  public static boolean isBearerCredential(String authorizationHeader) {
    return bearerToken(authorizationHeader) != null;
  }

  /** The token68 part of {@code Bearer <token>}, or null if the header is not of that form. */
  private static String bearerToken(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    int sp = h.indexOf(' ');
    if (sp != SCHEME.length() || !h.substring(0, sp).equalsIgnoreCase(SCHEME)) {
      return null;
    }
    String token = h.substring(sp + 1).strip();
    if (token.isEmpty() || token.length() > JwtAuthenticator.MAX_TOKEN_LENGTH) {
      return null;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
      if (!ok) {
        return null;
      }
    }
    return token;
  }

  @Override
  public String toString() {
    return "TokenAuthenticator[" + entries.size() + " principals"
        + (provider.isPresent() ? ", identity provider" : "") + "]";
  }
}
