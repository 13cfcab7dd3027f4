package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.usagePath;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.auth.JwtAuthenticator;
import io.cdrvault.query.auth.LocalIdentityProvider;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carrier's identity provider through the real API: its access tokens authenticate staff
 * beside the static tokens, the audit names the provider's principal, and a token the provider did
 * not issue for cdrvault is refused like any bad credential.
 */
class IdentityProviderIT {
  private static final String USAGE = usagePath(CUSTOMER, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
  @TempDir Path dir;
  private LocalIdentityProvider idp;
  private ApiFixture api;

  @BeforeEach
  void start() {
    idp = LocalIdentityProvider.start();
    api = ApiFixture.start(dir, Optional.of(JwtAuthenticator.create(
        idp.settings(Map.of("cdr-billing", Set.of("billing-job")), Duration.ofSeconds(1)))));
  }

  @AfterEach
  void stop() {
    api.close();
    idp.close();
  }

  @Test
  void aProviderToken_authenticates_andTheAuditNamesItsPrincipal() {
    String token = idp.sign(LocalIdentityProvider.claims("billing-svc-7", List.of("cdr-billing")).build());
    assertThat(token.length()).as("a real-sized JWT, longer than any static token").isGreaterThan(512);

    HttpResponse<String> r = api.get(USAGE, token, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    AuditEntry decision = api.audit().get(api.audit().size() - 1);
    assertThat(decision.event().principal()).isEqualTo("oidc:billing-svc-7");
    assertThat(decision.event().outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(api.get(USAGE, BILLING_TOKEN, "BILLING", null).statusCode())
        .as("static tokens keep working beside the provider").isEqualTo(200);
  }

  @Test
  void aProviderTokenWithoutAMappedRole_isAuthenticatedButDenied_andAudited() {
    String token = idp.sign(LocalIdentityProvider.claims("intern-3", List.of("offline_access")).build());

    HttpResponse<String> r = api.get(USAGE, token, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(403);
    AuditEntry decision = api.audit().get(api.audit().size() - 1);
    assertThat(decision.event().principal()).isEqualTo("oidc:intern-3");
    assertThat(decision.event().outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void tokensTheProviderDidNotIssueForCdrvault_areRefusedWith401() {
    String otherAudience = idp.sign(LocalIdentityProvider.claims("billing-svc-7", List.of("cdr-billing"))
        .audience("crm").build());
    String otherIssuer = idp.sign(LocalIdentityProvider.claims("billing-svc-7", List.of("cdr-billing"))
        .issuer("https://evil.test").build());

    for (String token : List.of(otherAudience, otherIssuer)) {
      HttpResponse<String> r = api.get(USAGE, token, "BILLING", null);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).doesNotContain("billing-svc-7");
    }
    assertThat(api.store.readsStarted()).isZero();
  }
}
