package io.cdrvault.query.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider for tests: RSA signing keys, a JWKS served over HTTP on 127.0.0.1 (a real
 * socket, no outside network) whose keys can be rotated, and tokens signed with them. Counts JWKS
 * fetches.
 */
public final class LocalIdentityProvider implements AutoCloseable {
  public static final String ISSUER = "https://idp.carrier.test/realms/staff";
  public static final String AUDIENCE = "cdrvault";

  private final HttpServer server;
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile RSAKey current;

  private LocalIdentityProvider(HttpServer server) {
    this.server = server;
  }

  /** Starts serving a JWKS holding one new key. */
  public static LocalIdentityProvider start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalIdentityProvider idp = new LocalIdentityProvider(server);
      idp.rotate(false);
      server.createContext("/jwks", exchange -> {
        idp.fetches.incrementAndGet();
        byte[] body = idp.published.get().toString(true).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return idp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new signing key; {@code keepOld}: the old key stays published too (a rollover). */
  public RSAKey rotate(boolean keepOld) {
    try {
      RSAKey next = new RSAKeyGenerator(2048).keyID("k-" + System.nanoTime()).generate();
      RSAKey old = current;
      current = next;
      published.set(keepOld && old != null
          ? new JWKSet(List.of(next.toPublicJWK(), old.toPublicJWK()))
          : new JWKSet(next.toPublicJWK()));
      return next;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public RSAKey currentKey() {
    return current;
  }

  public URI jwksUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  public int fetches() {
    return fetches.get();
  }

  /** Settings for this provider: roles in {@code realm_access.roles}, mapped as given. */
  public OidcSettings settings(Map<String, Set<String>> roleMapping, Duration refreshMinInterval) {
    return new OidcSettings(ISSUER, AUDIENCE, jwksUri(), "sub", "realm_access.roles", roleMapping,
        Set.of("RS256"), Duration.ofSeconds(60), Duration.ofMinutes(15), refreshMinInterval);
  }

  /** Claims of a valid token for {@code subject} with {@code roles}, valid for five minutes. */
  public static JWTClaimsSet.Builder claims(String subject, List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE, "account"))
        .subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("realm_access", Map.of("roles", roles));
  }

  /** {@code claims} signed RS256 with {@code key}, header {@code typ: JWT}. */
  public static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
          .type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code claims} signed with the current key. */
  public String sign(JWTClaimsSet claims) {
    return sign(current, claims);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
