package io.cdrvault.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.access.Principal;
import io.cdrvault.store.model.CustomerId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  private static final String BILLING = "tok-billing-6d1f0c";
  private static final String PORTAL = "tok-portal-a91e22";

  private final TokenAuthenticator auth = TokenAuthenticator.create(Principals.of(List.of(
      new Principals.Entry(new Principal("billing-job", Set.of("billing-job"), Optional.empty()),
          Principals.sha256(BILLING)),
      new Principals.Entry(new Principal("portal", Set.of("customer-care"),
          Optional.of(CustomerId.of("C-1"))), Principals.sha256(PORTAL)))));

  @Test
  void bearerToken_ofAKnownPrincipal_authenticatesAsThatPrincipal() {
    assertThat(auth.authenticate("Bearer " + BILLING)).map(Principal::name).hasValue("billing-job");
    assertThat(auth.authenticate("Bearer " + PORTAL)).map(Principal::customer)
        .hasValue(Optional.of(CustomerId.of("C-1")));
  }

  @Test
  void schemeName_isCaseInsensitive() {
    assertThat(auth.authenticate("bearer " + BILLING)).isPresent();
    assertThat(auth.authenticate("BEARER " + BILLING)).isPresent();
  }

  @Test
  void unknownOrAlteredToken_isRejected() {
    assertThat(auth.authenticate("Bearer " + BILLING + "0")).isEmpty();
    assertThat(auth.authenticate("Bearer " + BILLING.substring(1))).isEmpty();
    assertThat(auth.authenticate("Bearer " + Principals.sha256Hex(BILLING))).as("the hash is not a token")
        .isEmpty();
  }

  @Test
  void missingOrMalformedHeaders_areRejected() {
    assertThat(auth.authenticate(null)).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate("Bearer")).isEmpty();
    assertThat(auth.authenticate("Bearer ")).isEmpty();
    assertThat(auth.authenticate("Basic " + BILLING)).isEmpty();
    assertThat(auth.authenticate(BILLING)).isEmpty();
    assertThat(auth.authenticate("Bearer " + BILLING + " extra")).isEmpty();
    assertThat(auth.authenticate("Bearer " + "a".repeat(TokenAuthenticator.MAX_TOKEN_LENGTH + 1)))
        .isEmpty();
    assertThat(TokenAuthenticator.isBearerCredential("Bearer abc")).isTrue();
    assertThat(TokenAuthenticator.isBearerCredential("Basic abc")).isFalse();
  }

  @Test
  void sha256Hex_matchesWhatShellPrintfPipedToSha256sumPrints() {
    // printf %s "hello" | sha256sum
    assertThat(Principals.sha256Hex("hello"))
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  }

  @Test
  void toString_revealsNoTokenHashes() {
    assertThat(auth.toString()).doesNotContain(Principals.sha256Hex(BILLING));
    Principals.Entry e = new Principals.Entry(new Principal("p", Set.of("r"),
        Optional.of(CustomerId.of("C-SECRET"))), Principals.sha256(BILLING));
    assertThat(e.toString()).doesNotContain(Principals.sha256Hex(BILLING)).doesNotContain("C-SECRET");
  }
}
