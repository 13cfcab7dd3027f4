package io.cdrvault.query.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Customer authentication assertions: a compact JWS (HS256) that the customer portal or the care
 * agent's identity check issues after it authenticated the customer (password, PIN, one-time code),
 * sent as header {@code X-CPNI-Customer-Assertion}. Claims: {@code sub} = customer id, {@code aud}
 * = {@value #AUDIENCE}, {@code azp} = the name of the principal that will present it (a captured
 * assertion is refused from any other principal), {@code iat}, {@code exp} after {@code iat},
 * optional {@code nbf}; lifetime at most {@link #MAX_LIFETIME}.
 *
 * <p>The key is a shared secret of at least 32 bytes, read from the environment (base64), never
 * from a file in the repository; only the demo keeps its generated key in its data directory
 * ({@link #demoKeyFile}). Thread-safe and immutable.
 */
public final class CustomerAssertions {
  /** The {@code aud} claim every assertion must carry. */
  public static final String AUDIENCE = "cdrvault";
  /** Longest accepted lifetime ({@code exp - iat}). */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
  /** Environment variable holding the base64 key. */
  public static final String KEY_ENV = "CDRVAULT_ASSERTION_KEY";
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final byte[] key;

  private CustomerAssertions(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the assertion key must be at least 32 bytes");
    }
    this.key = key.clone();
  }

  /** Assertions keyed with {@code key} (at least 32 bytes). */
  public static CustomerAssertions withKey(byte[] key) {
    return new CustomerAssertions(Objects.requireNonNull(key, "key"));
  }

  /**
   * Assertions keyed from the base64 value of {@value #KEY_ENV}.
   *
   * @throws IllegalArgumentException if the value is not base64 of at least 32 bytes
   */
  public static CustomerAssertions fromBase64(String base64) {
    try {
      return new CustomerAssertions(Base64.getDecoder().decode(base64.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_ENV + " must be base64 of at least 32 bytes");
    }
  }

  /**
   * The demo's assertion key file (base64, owner-only) under its data directory: the demo node
   * and {@code cdrvault assertion --data-dir} read the same key.
   */
  public static Path demoKeyFile(Path dataDir) {
    return dataDir.resolve("keys").resolve("demo-assertion.key");
  }

  /**
   * Reads the base64 key in {@code file}, creating it first (32 random bytes, owner-only
   * permissions) when {@code create} is set and it does not exist.
   *
   * @throws IllegalArgumentException naming the file when it is missing or not a valid key
   */
  public static CustomerAssertions fromKeyFile(Path file, boolean create) throws IOException {
    if (!Files.exists(file)) {
      if (!create) {
        throw new IllegalArgumentException("no assertion key at " + file);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      Files.writeString(file, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    }
    try {
      return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the assertion key in " + file + " is not base64 of at least 32 bytes");
    }
  }

  /** Why an assertion was refused; the message names the check, never a claim value. */
  public static final class InvalidAssertionException extends Exception {
    public InvalidAssertionException(String message) {
      super(message);
    }
  }

  /** The claim naming the principal an assertion is issued to (OpenID Connect's authorized party). */
  public static final String PRESENTER_CLAIM = "azp";

  /**
   * Issues an assertion for a customer authenticated at {@code now}, to be presented by the
   * principal named {@code presenter} (portal side; demo, tests).
   */
  public String issue(CustomerId customer, String presenter, Instant now, Duration lifetime) {
    if (lifetime.compareTo(MAX_LIFETIME) > 0 || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive and at most " + MAX_LIFETIME);
    }
    Objects.requireNonNull(presenter, "presenter");
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(customer.value()).audience(AUDIENCE)
        .claim(PRESENTER_CLAIM, presenter)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).build();
    return sign(claims);
  }

  /** Signs any claims with this key (tests build malformed assertions with it). */
  public String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an assertion", e);
    }
    return jwt.serialize();
  }

  /**
   * The customer an assertion authenticates.
   *
   * @param presenter the name of the authenticated principal presenting the assertion
   * @throws InvalidAssertionException if it is malformed, not HS256, badly signed, for another
   *     audience or another presenter, not yet valid ({@code iat} or {@code nbf} in the future),
   *     expired, expiring before it was issued, or valid for longer than {@link #MAX_LIFETIME}
   */
  public CustomerId verify(String token, Instant now, String presenter)
      throws InvalidAssertionException {
    if (token == null || token.isBlank() || token.length() > 4096) {
      throw new InvalidAssertionException("the assertion is missing or too long");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token.strip());
    } catch (ParseException e) {
      throw new InvalidAssertionException("the assertion is not a compact JWS");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidAssertionException("the assertion must be signed with HS256");
    }
    try {
      if (!jwt.verify(new MACVerifier(key))) {
        throw new InvalidAssertionException("the assertion's signature does not verify");
      }
    } catch (JOSEException e) {
      throw new InvalidAssertionException("the assertion's signature cannot be checked");
    }
    JWTClaimsSet c;
    try {
      c = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidAssertionException("the assertion's claims are malformed");
    }
    List<String> aud = c.getAudience();
    if (aud == null || !aud.contains(AUDIENCE)) {
      throw new InvalidAssertionException("the assertion is for another audience");
    }
    Date iat = c.getIssueTime();
    Date exp = c.getExpirationTime();
    if (iat == null || exp == null) {
      throw new InvalidAssertionException("the assertion needs iat and exp");
    }
    if (!exp.toInstant().isAfter(iat.toInstant())) {
      throw new InvalidAssertionException("the assertion expires before it was issued");
    }
    if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_LIFETIME) > 0) {
      throw new InvalidAssertionException("the assertion is valid for longer than " + MAX_LIFETIME);
    }
    if (iat.toInstant().isAfter(now.plus(SKEW))) {
      throw new InvalidAssertionException("the assertion is not valid yet");
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
      throw new InvalidAssertionException("the assertion is not valid yet (nbf)");
    }
    if (!exp.toInstant().isAfter(now.minus(SKEW))) {
      throw new InvalidAssertionException("the assertion has expired");
    }
    Object azp = c.getClaim(PRESENTER_CLAIM);
    if (!(azp instanceof String a) || !a.equals(presenter)) {
      throw new InvalidAssertionException("the assertion was issued to another principal ("
          + PRESENTER_CLAIM + ")");
    }
    try {
      return CustomerId.of(c.getSubject());
    } catch (RuntimeException e) {
      throw new InvalidAssertionException("the assertion's subject is not a customer id");
    }
  }

  @Override
  public String toString() {
    return "CustomerAssertions[HS256]";
  }
}
