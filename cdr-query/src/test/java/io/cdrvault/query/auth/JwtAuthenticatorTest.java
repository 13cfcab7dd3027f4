package io.cdrvault.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.cdrvault.store.access.Principal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider tokens against a JWKS served on a loopback socket (no outside network). */
class JwtAuthenticatorTest {
  private static final Map<String, Set<String>> MAPPING = Map.of(
      "cdr-billing", Set.of("billing-job"), "cdr-fraud", Set.of("fraud-analyst"));

  private final LocalIdentityProvider idp = LocalIdentityProvider.start();
  private final JwtAuthenticator auth =
      JwtAuthenticator.create(idp.settings(MAPPING, Duration.ofSeconds(1)));

  @AfterEach
  void stop() {
    idp.close();
  }

  @Test
  void aValidToken_namesThePrincipal_withTheMappedRolesOnly() {
    String token = idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud", "offline_access")).build());

    Optional<Principal> p = auth.authenticate(token);

    assertThat(p).hasValueSatisfying(principal -> {
      assertThat(principal.name()).isEqualTo("oidc:alice");
      assertThat(principal.roles()).containsExactly("fraud-analyst");
      assertThat(principal.customer()).isEmpty();
    });
    assertThat(idp.fetches()).isEqualTo(1);
    assertThat(auth.authenticate(token)).isPresent();
    assertThat(idp.fetches()).as("the JWKS is cached").isEqualTo(1);
  }

  @Test
  void aRotatedKey_isFetchedOnItsFirstToken_andTheRetiredKeyStopsWorking() throws Exception {
    RSAKey first = idp.currentKey();
    String old = idp.sign(LocalIdentityProvider.claims("bob", List.of("cdr-billing")).build());
    assertThat(auth.authenticate(old)).isPresent();

    idp.rotate(false);
    String rotated = idp.sign(LocalIdentityProvider.claims("bob", List.of("cdr-billing")).build());
    // the refresh on an unknown kid is rate limited to one per second: poll, bounded
    Instant deadline = Instant.now().plusSeconds(10);
    Optional<Principal> p = auth.authenticate(rotated);
    while (p.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      p = auth.authenticate(rotated);
    }
    assertThat(p).map(Principal::roles).hasValue(Set.of("billing-job"));
    assertThat(idp.fetches()).isBetween(2, 4);
    assertThat(auth.authenticate(LocalIdentityProvider.sign(first,
        LocalIdentityProvider.claims("bob", List.of("cdr-billing")).build())))
        .as("the old key is no longer published").isEmpty();
  }

  @Test
  void unknownKeyIds_costAtMostOneFetchPerInterval() throws Exception {
    JwtAuthenticator slow = JwtAuthenticator.create(idp.settings(MAPPING, Duration.ofMinutes(5)));
    assertThat(slow.authenticate(idp.sign(LocalIdentityProvider.claims("a", List.of()).build()))).isPresent();
    int before = idp.fetches();
    for (int i = 0; i < 50; i++) {
      RSAKey forged = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("forged-" + i).generate();
      assertThat(slow.authenticate(LocalIdentityProvider.sign(forged,
          LocalIdentityProvider.claims("mallory", List.of("cdr-fraud")).build()))).isEmpty();
    }
    assertThat(idp.fetches() - before).isLessThanOrEqualTo(1);
  }

  @Test
  void aTokenOfAnotherIssuer_isRefused() {
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud"))
        .issuer("https://idp.elsewhere.test/realms/staff").build()))).isEmpty();
  }

  @Test
  void aTokenForAnotherAudience_isRefused() {
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud"))
        .audience("another-service").build()))).isEmpty();
  }

  @Test
  void algorithmDowngrades_areRefused() throws Exception {
    JWTClaimsSet claims = LocalIdentityProvider.claims("mallory", List.of("cdr-fraud")).build();
    // HS256 keyed with the provider's public key (the classic RS256 -> HS256 confusion)
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .keyID(idp.currentKey().getKeyID()).build(), claims);
    hmac.sign(new MACSigner(idp.currentKey().toPublicJWK().toRSAPublicKey().getEncoded()));
    assertThat(auth.authenticate(hmac.serialize())).isEmpty();
    // alg: none, with a dummy third part so it has the shape of a signed token
    String unsecured = new PlainJWT(claims).serialize();
    assertThat(auth.authenticate(unsecured + "x")).isEmpty();
    assertThat(auth.authenticate(unsecured)).isEmpty();
  }

  @Test
  void expiry_isCheckedWithTheConfiguredSkew() {
    Instant now = Instant.now();
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud"))
        .expirationTime(Date.from(now.minusSeconds(30))).build())))
        .as("30 s past exp, within the 60 s skew").isPresent();
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud"))
        .expirationTime(Date.from(now.minusSeconds(120))).build()))).isEmpty();
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud"))
        .expirationTime(null).build()))).as("exp is required").isEmpty();
  }

  @Test
  void aSignatureOverOtherClaims_isRefused() {
    String token = idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-billing")).build());
    String other = idp.sign(LocalIdentityProvider.claims("alice", List.of("cdr-fraud")).build());
    String[] a = token.split("\\.");
    String[] b = other.split("\\.");
    assertThat(auth.authenticate(a[0] + "." + b[1] + "." + a[2])).isEmpty();
  }

  @Test
  void principalNamesThatCannotGoToTheLedger_areRefused() {
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("alice smith\n", List.of())
        .build()))).isEmpty();
    assertThat(auth.authenticate(idp.sign(LocalIdentityProvider.claims("x".repeat(129), List.of())
        .build()))).isEmpty();
  }

  @Test
  void withoutAMapping_theClaimsValuesAreTheRoles_andAStringClaimIsSplit() {
    JwtAuthenticator direct = JwtAuthenticator.create(new OidcSettings(LocalIdentityProvider.ISSUER,
        LocalIdentityProvider.AUDIENCE, idp.jwksUri(), "preferred_username", "scope", Map.of(),
        Set.of("RS256"), Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(1)));
    String token = idp.sign(LocalIdentityProvider.claims("ignored", List.of())
        .claim("preferred_username", "carol@carrier.test").claim("scope", "billing-job  legal").build());
    assertThat(direct.authenticate(token)).hasValueSatisfying(p -> {
      assertThat(p.name()).isEqualTo("oidc:carol@carrier.test");
      assertThat(p.roles()).containsExactlyInAnyOrder("billing-job", "legal");
    });
  }

  @Test
  void settings_refuseWhatWouldWeakenValidation() {
    URI jwks = idp.jwksUri();
    assertThatThrownBy(() -> new OidcSettings("iss", "aud", jwks, "sub", "roles", Map.of(),
        Set.of("HS256"), Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .hasMessageContaining("algorithms must be a non-empty subset");
    assertThatThrownBy(() -> new OidcSettings("iss", "aud", URI.create("http://idp.carrier.test/jwks"),
        "sub", "roles", Map.of(), Set.of("RS256"), Duration.ZERO, Duration.ofMinutes(1),
        Duration.ofSeconds(1))).hasMessageContaining("https");
    assertThat(OidcSettings.parseRoleMapping(List.of("a=x", "a=y", "b=z")))
        .isEqualTo(Map.of("a", Set.of("x", "y"), "b", Set.of("z")));
    assertThatThrownBy(() -> OidcSettings.parseRoleMapping(List.of("a")))
        .hasMessageContaining("providerRole=cdrvaultRole");
  }
}
